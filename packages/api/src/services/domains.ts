import { domains } from "@statehub/db";
import { uuidv7 } from "@statehub/events";
import { asc, gt, sql } from "drizzle-orm";
import type { ServiceDeps } from "./deps.js";
import { iso } from "./dto.js";
import { decodeIdCursor, encodeIdCursor, type Page, type PageRequest, pageLimit, toPage } from "./paging.js";

export interface Domain {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UpsertDomainInput {
  slug: string;
  name: string;
  /** Omitted: an existing description is kept. */
  description?: string | undefined;
}

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

    async list(request: PageRequest = {}): Promise<Page<Domain>> {
      const limit = pageLimit(request.limit);
      const after = request.cursor === undefined ? undefined : decodeIdCursor(request.cursor);
      const rows = await deps.db
        .select()
        .from(domains)
        .where(after === undefined ? undefined : gt(domains.id, after))
        .orderBy(asc(domains.id))
        .limit(limit + 1);
      return toPage(rows, limit, toDomain, (row) => encodeIdCursor(row.id));
    },
  };
}

export type DomainService = ReturnType<typeof createDomainService>;
