import { type Db, eventOutbox } from "@statehub/db";
import type { AnyEnvelope } from "@statehub/events";
import { and, asc, gt, inArray, isNotNull, type SQL } from "drizzle-orm";
import { ConflictError, NotFoundError } from "../domain/errors.js";
import type {
  DiscardParkedResult,
  ParkedEvent,
  RetryParkedInput,
  RetryParkedResult,
} from "../schemas/outbox.js";
import { iso, isoOrNull } from "../services/dto.js";
import {
  decodePositionCursor,
  encodePositionCursor,
  type Page,
  type PageRequest,
  pageLimit,
  toPage,
} from "../services/paging.js";
import { deliveryOf } from "./delivery.js";

// What an operator can do about events the relay gave up on: look at them, put them back in
// the queue once the cause is fixed (NATS' de-duplication by Nats-Msg-Id keeps a retry from
// publishing an event twice), or discard them. A discarded event is deleted from the outbox:
// it was never published and never will be, so the event log shows nothing a consumer could
// ever receive. The procedure call (or CLI run) that discards it is logged.

export type { ParkedEvent };
/** Which parked events to retry: some, by id, or every one. */
export type RetryTarget = RetryParkedInput;
export type RetryResult = RetryParkedResult;
export type DiscardResult = DiscardParkedResult;

/** Parked events, in recording order (oldest first), a page at a time. */
export async function listParked(db: Db, input: PageRequest = {}): Promise<Page<ParkedEvent>> {
  const limit = pageLimit(input.limit);
  const conditions: SQL[] = [isNotNull(eventOutbox.parkedAt)];
  if (input.cursor !== undefined)
    conditions.push(gt(eventOutbox.position, decodePositionCursor(input.cursor)));
  const rows = await db
    .select()
    .from(eventOutbox)
    .where(and(...conditions))
    .orderBy(asc(eventOutbox.position))
    .limit(limit + 1);
  return toPage(
    rows,
    limit,
    (row) => ({
      id: row.id,
      subject: row.subject,
      envelope: row.envelope as AnyEnvelope,
      recordedAt: iso(row.createdAt),
      attempts: row.attempts,
      lastError: row.lastError,
      parkedReason: row.parkedReason ?? "",
      parkedAt: isoOrNull(row.parkedAt) ?? "",
    }),
    (row) => encodePositionCursor(row.position),
  );
}

/**
 * Puts parked events back in the queue, due at once. Unknown ids refuse the whole call
 * (nothing changes); ids that are not parked are reported and left alone (a second retry of the
 * same event is harmless).
 */
export async function retryParked(db: Db, target: RetryTarget): Promise<RetryResult> {
  const unpark = { parkedAt: null, parkedReason: null, refusals: 0, nextAttemptAt: null };
  if ("all" in target) {
    const rows = await db
      .update(eventOutbox)
      .set(unpark)
      .where(isNotNull(eventOutbox.parkedAt))
      .returning({ id: eventOutbox.id });
    return { retried: rows.map((r) => r.id), notParked: [] };
  }
  const ids = [...new Set(target.ids)];
  await requireExisting(db, ids);
  const rows = await db
    .update(eventOutbox)
    .set(unpark)
    .where(and(inArray(eventOutbox.id, ids), isNotNull(eventOutbox.parkedAt)))
    .returning({ id: eventOutbox.id });
  const retried = new Set(rows.map((r) => r.id));
  return { retried: ids.filter((id) => retried.has(id)), notParked: ids.filter((id) => !retried.has(id)) };
}

/**
 * Deletes parked events for good. Every id must name a parked event: an unknown one is
 * NOT_FOUND, a pending or published one a CONFLICT naming its state; either way nothing is
 * deleted.
 */
export async function discardParked(db: Db, ids: string[]): Promise<DiscardResult> {
  const unique = [...new Set(ids)];
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: eventOutbox.id,
        publishedAt: eventOutbox.publishedAt,
        parkedAt: eventOutbox.parkedAt,
        attempts: eventOutbox.attempts,
        lastError: eventOutbox.lastError,
        parkedReason: eventOutbox.parkedReason,
      })
      .from(eventOutbox)
      .where(inArray(eventOutbox.id, unique))
      .for("update");
    const found = new Map(rows.map((row) => [row.id, row]));
    const missing = unique.filter((id) => !found.has(id));
    if (missing.length > 0) throw new NotFoundError("event", missing.join(", "));
    for (const row of rows) {
      const state = deliveryOf(row).state;
      if (state !== "parked") {
        throw new ConflictError(`event ${row.id} is ${state}: only parked events can be discarded`, state);
      }
    }
    await tx.delete(eventOutbox).where(inArray(eventOutbox.id, unique));
    return { discarded: unique };
  });
}

async function requireExisting(db: Db, ids: string[]): Promise<void> {
  const rows = await db.select({ id: eventOutbox.id }).from(eventOutbox).where(inArray(eventOutbox.id, ids));
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw new NotFoundError("event", missing.join(", "));
}
