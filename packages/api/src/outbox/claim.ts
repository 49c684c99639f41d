import type { Database, DbOrTx } from "@statehub/db";
import { sql } from "drizzle-orm";
import type { OutboxRow } from "./row.js";

export interface ClaimOptions {
  limit: number;
  now: Date;
  /** Treat every row as due (after NATS came back, waiting out old backoffs only delays). */
  ignoreSchedule?: boolean;
}

export interface ClaimedBatch {
  /** Due rows, oldest position first, all locked by this claim until `work` returns. */
  rows: OutboxRow[];
  /** When the oldest claimable row is backing off: the time it becomes due. */
  headDueAt: Date | undefined;
}

/**
 * Claims the oldest unpublished rows and runs `work` while holding them.
 *
 * On Postgres the claim is `FOR UPDATE SKIP LOCKED` inside one transaction that lasts until the
 * rows are marked, so several relays never claim the same row; rows are found by
 * `published_at is null` (not a high-water mark), so a row whose transaction commits late is
 * claimed by a later batch, never skipped.
 *
 * A row that is backing off blocks the rows behind it (head-of-line): publishing newer events
 * past an older failed one would break commit order. The batch is the due prefix.
 *
 * PGlite is a single connection in a single process: holding a transaction during network I/O
 * would stall every API request, and there is no second relay to exclude, so it claims without
 * a transaction and marks in short statements.
 */
export async function withClaimedBatch<T>(
  database: Database,
  options: ClaimOptions,
  work: (batch: ClaimedBatch, tx: DbOrTx) => Promise<T>,
): Promise<T> {
  if (database.kind === "pglite") {
    return work(await selectBatch(database.db, options, false), database.db);
  }
  return database.db.transaction(async (tx) => {
    // Losing this transaction's commit in a database crash only means re-publishing the batch,
    // which JetStream de-duplicates by Nats-Msg-Id: no need to wait for the WAL flush.
    await tx.execute(sql`set local synchronous_commit = off`);
    return work(await selectBatch(tx, options, true), tx);
  });
}

interface RawRow extends Record<string, unknown> {
  id: string;
  position: string | number;
  subject: string;
  payload: string;
  attempts: number;
  next_attempt_at: string | Date | null;
}

async function selectBatch(db: DbOrTx, options: ClaimOptions, lock: boolean): Promise<ClaimedBatch> {
  const result = await db.execute<RawRow>(sql`
    select id, position, subject, envelope::text as payload, attempts, next_attempt_at
    from event_outbox
    where published_at is null
    order by position
    limit ${options.limit}
    ${lock ? sql`for update skip locked` : sql``}`);
  const rows: OutboxRow[] = [];
  for (const raw of rowsOf<RawRow>(result)) {
    const nextAttemptAt = raw.next_attempt_at === null ? null : new Date(raw.next_attempt_at);
    if (!options.ignoreSchedule && nextAttemptAt && nextAttemptAt > options.now) {
      return { rows, headDueAt: rows.length === 0 ? nextAttemptAt : undefined };
    }
    rows.push({
      id: raw.id,
      position: Number(raw.position),
      subject: raw.subject,
      payload: raw.payload,
      attempts: raw.attempts,
      nextAttemptAt,
    });
  }
  return { rows, headDueAt: undefined };
}

/** postgres.js returns an array of rows; PGlite a `{ rows }` result. */
export function rowsOf<R>(result: unknown): R[] {
  if (Array.isArray(result)) return result as R[];
  return ((result as { rows?: R[] }).rows ?? []) as R[];
}
