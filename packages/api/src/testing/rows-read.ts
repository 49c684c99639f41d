import type { Database } from "@statehub/db";
import { sql } from "drizzle-orm";
import { rowsOf } from "../outbox/rows.js";

/**
 * Rows of `table` read so far by scans of any kind, as Postgres counts them: what the perf
 * guards count instead of time. Call it on a pool of one connection, so the statistics flush
 * happens in the session that did the reading.
 */
export async function rowsRead(database: Database, table: string): Promise<number> {
  const db = database.db;
  await db.execute(sql`select pg_stat_force_next_flush()`);
  await db.execute(sql`select pg_stat_clear_snapshot()`);
  const [row] = rowsOf<{ read: string }>(
    await db.execute(sql`
      select coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) as read
      from pg_stat_user_tables where relname = ${table}`),
  );
  return Number(row?.read ?? 0);
}
