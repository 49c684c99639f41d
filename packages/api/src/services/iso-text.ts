import { type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

/**
 * A timestamptz column as the API writes it (`Date.prototype.toISOString`: UTC, milliseconds,
 * `Z`), formatted by the database: `iso` and `isoOrNull` (dto.ts) in SQL. On a hot list this
 * spares a string → Date → string round trip per timestamp (drizzle's parsing and
 * `toISOString` were 9 % of the hub's CPU under tasks.list load). Pinned against `toISOString`
 * by iso-text.test.ts.
 */
export function isoText(column: PgColumn): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** `isoText` of a nullable column: null stays null. */
export function isoTextOrNull(column: PgColumn): SQL<string | null> {
  return isoText(column) as SQL<string | null>;
}
