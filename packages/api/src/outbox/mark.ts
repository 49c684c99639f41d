import { type DbOrTx, eventOutbox } from "@statehub/db";
import { inArray, sql } from "drizzle-orm";

export interface Acked {
  id: string;
  streamSequence: number;
}

/** Longest error text kept on a row (NATS errors are short; this bounds a pathological one). */
export const MAX_ERROR_LENGTH = 1_000;

/**
 * Marks acknowledged rows published, in one statement, recording each row's stream sequence;
 * the failure and refusal bookkeeping is cleared (the attempts count stays).
 *
 * The ids and sequences go in as two arrays joined by `unnest`, whose row count the planner
 * reads from the arrays themselves (a planned-per-execution statement, claim.ts): it then looks
 * each row up by its key. `jsonb_to_recordset`, used before, is always estimated at 100 rows,
 * and for a batch of a few rows on a table of a few thousand that made a hash join over a scan
 * of the whole table the cheaper plan (mark-plan.perf-guard.test.ts).
 */
export async function markPublished(db: DbOrTx, acked: Acked[], at: Date): Promise<void> {
  if (acked.length === 0) return;
  // Array literals of uuids (the rows' own ids) and integers: nothing in them needs quoting.
  const ids = `{${acked.map((a) => a.id).join(",")}}`;
  const sequences = `{${acked.map((a) => a.streamSequence).join(",")}}`;
  await db.execute(sql`
    update event_outbox as o
    set published_at = ${at.toISOString()}::timestamptz,
        stream_sequence = u.seq,
        attempts = o.attempts + 1,
        refusals = 0,
        last_error = null,
        next_attempt_at = null
    from unnest(${ids}::text::uuid[], ${sequences}::text::bigint[]) as u(id, seq)
    where o.id = u.id`);
}

/**
 * Records a transient failure (NATS unreachable, no ack in time) on these rows only: they become
 * due again at `retryAt` and, until then, hold back the rows behind them.
 */
export async function markFailed(db: DbOrTx, ids: string[], error: string, retryAt: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(eventOutbox)
    .set({
      attempts: sql`${eventOutbox.attempts} + 1`,
      lastError: error.slice(0, MAX_ERROR_LENGTH),
      nextAttemptAt: retryAt,
    })
    .where(inArray(eventOutbox.id, ids));
}
