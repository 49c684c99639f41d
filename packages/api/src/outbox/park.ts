import type { DbOrTx } from "@statehub/db";
import { sql } from "drizzle-orm";
import { MAX_ERROR_LENGTH } from "./mark.js";
import { dateOrNull, rowsOf } from "./rows.js";

/** When a row NATS refuses for good is given up on. */
export interface ParkingPolicy {
  /** The refusal that brings a row to this count parks it (a transient failure never does). */
  parkAfterRefusals: number;
  /**
   * Delay before retrying a refused row, doubled per earlier refusal. A refusal that was not so
   * permanent after all (a stream being recreated, JetStream restarting) gets a few seconds to
   * heal before the row is parked; the other rows flow meanwhile.
   */
  refusalRetryMs: number;
}

/** Parked on the third refusal, about 3 s after the first (retries after 1 s, then 2 s). */
export const DEFAULT_PARKING: ParkingPolicy = { parkAfterRefusals: 3, refusalRetryMs: 1_000 };

export interface Refused {
  id: string;
  /** Why NATS will not take it, for the operator (e.g. "payload too large …"). */
  reason: string;
}

export interface ParkedNow {
  id: string;
  subject: string;
  reason: string;
  attempts: number;
}

export interface RefusalOutcome {
  /** The rows this refusal parked. */
  parked: ParkedNow[];
  /** When the earliest refused row that was not parked becomes due again. */
  nextRetryAt: Date | undefined;
}

interface RawRefused extends Record<string, unknown> {
  id: string;
  subject: string;
  parked_at: string | Date | null;
  parked_reason: string | null;
  next_attempt_at: string | Date | null;
  attempts: number;
}

/**
 * Records a permanent refusal on these rows only: each is retried later (out of line, so it does
 * not hold the others back) or, on reaching the policy's count, parked with its reason.
 */
export async function markRefused(
  db: DbOrTx,
  refused: Refused[],
  now: Date,
  policy: ParkingPolicy = DEFAULT_PARKING,
): Promise<RefusalOutcome> {
  if (refused.length === 0) return { parked: [], nextRetryAt: undefined };
  const reasons = JSON.stringify(
    refused.map((r) => ({ id: r.id, reason: r.reason.slice(0, MAX_ERROR_LENGTH) })),
  );
  const at = now.toISOString();
  const parks = sql`o.refusals + 1 >= ${policy.parkAfterRefusals}`;
  const result = await db.execute<RawRefused>(sql`
    update event_outbox as o
    set attempts = o.attempts + 1,
        refusals = o.refusals + 1,
        last_error = u.reason,
        parked_at = case when ${parks} then ${at}::timestamptz else null end,
        parked_reason = case when ${parks} then u.reason else null end,
        next_attempt_at = case when ${parks} then null
          else ${at}::timestamptz + ${policy.refusalRetryMs} * power(2, o.refusals) * interval '1 millisecond' end
    from jsonb_to_recordset(${reasons}::jsonb) as u(id uuid, reason text)
    where o.id = u.id
    returning o.id, o.subject, o.parked_at, o.parked_reason, o.next_attempt_at, o.attempts`);
  const outcome: RefusalOutcome = { parked: [], nextRetryAt: undefined };
  for (const row of rowsOf<RawRefused>(result)) {
    if (row.parked_at !== null) {
      outcome.parked.push({
        id: row.id,
        subject: row.subject,
        reason: row.parked_reason ?? "",
        attempts: row.attempts,
      });
      continue;
    }
    const due = dateOrNull(row.next_attempt_at);
    if (due && (!outcome.nextRetryAt || due < outcome.nextRetryAt)) outcome.nextRetryAt = due;
  }
  return outcome;
}
