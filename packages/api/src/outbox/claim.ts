import type { Database, DbOrTx } from "@statehub/db";
import { sql } from "drizzle-orm";
import type { OutboxRow } from "./row.js";
import { dateOrNull, rowsOf } from "./rows.js";

export interface ClaimOptions {
  limit: number;
  now: Date;
  /** Treat every row as due (after NATS came back, waiting out old backoffs only delays). */
  ignoreSchedule?: boolean;
}

export interface ClaimedBatch {
  /** Due rows, oldest position first, all locked by this claim until `work` returns. */
  rows: OutboxRow[];
  /** When a row backing off ended the batch (head-of-line): the time it becomes due. */
  headDueAt: Date | undefined;
}

/**
 * Claims the oldest publishable rows and runs `work` while holding them.
 *
 * On Postgres the claim is `FOR UPDATE SKIP LOCKED` inside one transaction that lasts until the
 * rows are marked, so several relays never claim the same row; rows are found by
 * `published_at is null` (not a high-water mark), so a row whose transaction commits late is
 * claimed by a later batch, never skipped.
 *
 * Head-of-line: a row backing off after a transient failure blocks the rows behind it, since
 * publishing newer events past an older one would break commit order; the batch is the due
 * prefix. Two kinds of row do not block: a parked row (never claimed until an operator retries
 * it) and a row NATS refused for good that waits for its next attempt before being parked (it
 * will arrive late or not at all, and nothing is gained by holding everything else back).
 *
 * PGlite is a single connection in a single process: holding a transaction during network I/O
 * would stall every API request, and there is no second relay to exclude, so it claims in a
 * transaction of two statements that ends before the publish, and marks in short statements.
 */
export async function withClaimedBatch<T>(
  database: Database,
  options: ClaimOptions,
  work: (batch: ClaimedBatch, tx: DbOrTx) => Promise<T>,
): Promise<T> {
  // No sorting: the claim must walk the unpublished-rows index in position order and stop after
  // `limit` rows. Right after a burst of writes the table's statistics still say "a few
  // unpublished rows" (and PGlite, which has no autovacuum, never updates them), and the planner
  // then reads the whole backlog, renders every envelope as text and sorts it, per batch: 45 ms
  // instead of 1 ms for 256 of 10,000 rows on Postgres, 110 ms instead of 1.3 ms for 256 of
  // 20,000 on PGlite.
  const noSort = sql`set_config('enable_sort', 'off', true)`;
  if (database.kind === "pglite") {
    // A transaction of its own, only for the setting to stay local to the claim.
    const batch = await database.db.transaction(async (tx) => {
      await tx.execute(sql`select ${noSort}`);
      return selectBatch(tx, options, false);
    });
    return work(batch, database.db);
  }
  return database.db.transaction(async (tx) => {
    // Losing this transaction's commit in a database crash only means re-publishing the batch,
    // which JetStream de-duplicates by Nats-Msg-Id: no need to wait for the WAL flush.
    // Every statement is planned for its own execution: the hub's statements are named and
    // prepared, and a generic plan chosen while the outbox was small (a scan of the whole table)
    // would otherwise stay for the connection's life as the table grows (mark.ts).
    // The settings are sent just before the claim and awaited with it: the server runs the two
    // in the order they were sent (so they are in force when the claim is planned) and the claim
    // saves a round trip. A drizzle query is sent when first awaited, hence the `then` here,
    // which sends it before selectBatch sends the claim.
    const settings = tx
      .execute(
        sql`select set_config('synchronous_commit', 'off', true), set_config('plan_cache_mode', 'force_custom_plan', true), ${noSort}`,
      )
      .then(() => undefined);
    const [, batch] = await Promise.all([settings, selectBatch(tx, options, true)]);
    return work(batch, tx);
  });
}

interface RawRow extends Record<string, unknown> {
  id: string;
  position: string | number;
  subject: string;
  payload: string;
  attempts: number;
  refusals: number;
  next_attempt_at: string | Date | null;
}

async function selectBatch(db: DbOrTx, options: ClaimOptions, lock: boolean): Promise<ClaimedBatch> {
  const now = options.now.toISOString();
  // Refused rows are left out until due here, in SQL: they do not block, so a page full of
  // them must not hide the due rows behind it.
  const refusedNotDue = options.ignoreSchedule
    ? sql``
    : sql`and (refusals = 0 or next_attempt_at is null or next_attempt_at <= ${now}::timestamptz)`;
  const result = await db.execute<RawRow>(sql`
    select id, position, subject, envelope::text as payload, attempts, refusals, next_attempt_at
    from event_outbox
    where published_at is null and parked_at is null ${refusedNotDue}
    order by position
    limit ${options.limit}
    ${lock ? sql`for update skip locked` : sql``}`);
  const rows: OutboxRow[] = [];
  for (const raw of rowsOf<RawRow>(result)) {
    const nextAttemptAt = dateOrNull(raw.next_attempt_at);
    if (!options.ignoreSchedule && nextAttemptAt && nextAttemptAt > options.now) {
      return { rows, headDueAt: nextAttemptAt };
    }
    rows.push({
      id: raw.id,
      position: Number(raw.position),
      subject: raw.subject,
      payload: raw.payload,
      attempts: raw.attempts,
      refusals: raw.refusals,
      nextAttemptAt,
    });
  }
  return { rows, headDueAt: undefined };
}
