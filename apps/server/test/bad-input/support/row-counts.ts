import type { Database } from "@statehub/db";
import { sql } from "drizzle-orm";

// Every table a procedure can write to: "nothing was written" means none of these changed.
const TABLES = [
  "domains",
  "domain_goals",
  "repos",
  "workstreams",
  "tasks",
  "decisions",
  "progress_notes",
  "event_outbox",
] as const;

const COUNT_ALL = sql.raw(
  `select ${TABLES.map((table) => `(select count(*) from ${table})::int as ${table}`).join(", ")}`,
);

export type RowCounts = Record<(typeof TABLES)[number], number>;

/** The row count of every table, in one query (cheap enough to run around each fuzzed call). */
export async function rowCounts(database: Database): Promise<RowCounts> {
  const result = (await database.db.execute(COUNT_ALL)) as unknown;
  // postgres.js returns the rows as an array; PGlite returns { rows }.
  const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
  return rows[0] as RowCounts;
}
