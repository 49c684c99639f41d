import type { DbOrTx } from "@statehub/db";
import { sql } from "drizzle-orm";
import { dateOrNull, rowsOf } from "./rows.js";

/** What the outbox holds that is not published yet. */
export interface OutboxBacklog {
  /** Events waiting to be published (parked ones not included). */
  backlog: number;
  /** When the oldest of them was recorded. */
  oldestPendingAt: Date | null;
  /** Events the relay gave up on; they wait for an operator's retry or discard. */
  parked: number;
  /** When the longest-parked event was parked. */
  oldestParkedAt: Date | null;
}

interface RawBacklog extends Record<string, unknown> {
  backlog: number | string;
  oldest_pending: string | Date | null;
  parked: number | string;
  oldest_parked: string | Date | null;
}

/** One query over the unpublished rows only (a partial index), so it is cheap at scrape time. */
export async function readOutboxBacklog(db: DbOrTx): Promise<OutboxBacklog> {
  const result = await db.execute<RawBacklog>(sql`
    select count(*) filter (where parked_at is null)::int as backlog,
           min(created_at) filter (where parked_at is null) as oldest_pending,
           count(*) filter (where parked_at is not null)::int as parked,
           min(parked_at) as oldest_parked
    from event_outbox
    where published_at is null`);
  const row = rowsOf<RawBacklog>(result)[0];
  return {
    backlog: Number(row?.backlog ?? 0),
    oldestPendingAt: dateOrNull(row?.oldest_pending),
    parked: Number(row?.parked ?? 0),
    oldestParkedAt: dateOrNull(row?.oldest_parked),
  };
}
