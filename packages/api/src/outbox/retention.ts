import type { DbOrTx } from "@statehub/db";
import { sql } from "drizzle-orm";
import { rowsOf } from "./rows.js";

export const DEFAULT_RETENTION_DAYS = 7;

export interface PruneOptions {
  /** Published rows older than this many days go; 0 (or less) keeps every row. */
  retentionDays: number;
  now: Date;
  batchSize?: number;
  maxBatches?: number;
}

/**
 * Deletes rows published before `now − retentionDays` (a row published exactly at that instant
 * stays), `batchSize` at a time, so a large backlog of old rows never becomes one long
 * lock-holding statement. Unpublished rows, parked ones included, are never pruned, however
 * old. Returns the number of rows deleted.
 */
export async function pruneOutbox(db: DbOrTx, options: PruneOptions): Promise<number> {
  if (options.retentionDays <= 0) return 0;
  const cutoff = new Date(options.now.getTime() - options.retentionDays * 86_400_000).toISOString();
  const batchSize = options.batchSize ?? 1_000;
  const maxBatches = options.maxBatches ?? 1_000;
  let total = 0;
  for (let batch = 0; batch < maxBatches; batch += 1) {
    const result = await db.execute<{ id: string }>(sql`
      delete from event_outbox
      where id in (
        select id from event_outbox
        where published_at is not null and published_at < ${cutoff}::timestamptz
        limit ${batchSize}
      )
      returning id`);
    const deleted = rowsOf(result).length;
    total += deleted;
    if (deleted < batchSize) break;
  }
  return total;
}
