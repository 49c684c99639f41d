import { domains } from "@statehub/db";
import { uuidv7 } from "@statehub/events";
import { sql } from "drizzle-orm";
import type { Domain, ListDomainsInput, UpsertDomainInput } from "../schemas/domains.js";
import type { ServiceDeps } from "./deps.js";
import { iso } from "./dto.js";
import { idKeyset, keysetList, type Page } from "./paging.js";

type DomainRow = typeof domains.$inferSelect;

export const toDomain = (row: DomainRow): Domain => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  description: row.description,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

export function createDomainService(deps: ServiceDeps) {
  return {
    /** Creates the domain, or updates its name/description when the slug exists. */
    async upsert(input: UpsertDomainInput): Promise<Domain> {
      const now = deps.clock.now();
      const [row] = await deps.db
        .insert(domains)
        .values({
          id: uuidv7(),
          slug: input.slug,
          name: input.name,
          description: input.description ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoUpdate({
          target: domains.slug,
          set: {
            name: input.name,
            description: input.description === undefined ? sql`${domains.description}` : input.description,
            updatedAt: now,
          },
        })
        .returning();
      if (!row) throw new Error("domain upsert returned no row");
      return toDomain(row);
    },

    list(input: ListDomainsInput = {}): Promise<Page<Domain>> {
      return keysetList({
        request: input,
        keyset: idKeyset(domains.id, (row: DomainRow) => row.id),
        fetch: (where, orderBy, limit) =>
          deps.db.select().from(domains).where(where).orderBy(orderBy).limit(limit),
        toItem: toDomain,
      });
    },
  };
}
