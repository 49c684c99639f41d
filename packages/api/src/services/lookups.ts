import { type DbOrTx, domains, repos } from "@statehub/db";
import { eq } from "drizzle-orm";
import { InvalidInputError } from "../domain/errors.js";

// References inside an input (a domain slug, a repo name, a workstream id) that match
// nothing are the caller's mistake in that field: BAD_REQUEST naming the field. NOT_FOUND
// is kept for the entity a call is about (get/update/resolve … by id).

export async function domainIdOf(db: DbOrTx, slug: string, field = "domain"): Promise<string> {
  const [row] = await db.select({ id: domains.id }).from(domains).where(eq(domains.slug, slug));
  if (!row) throw new InvalidInputError(field, `unknown domain "${slug}" (create it with domains.upsert)`);
  return row.id;
}

export async function repoIdOf(db: DbOrTx, name: string, field = "repo"): Promise<string> {
  const [row] = await db.select({ id: repos.id }).from(repos).where(eq(repos.name, name));
  if (!row) throw new InvalidInputError(field, `unknown repo "${name}" (register it with repos.register)`);
  return row.id;
}
