import { z } from "zod";
import { EventEnvelope } from "./events.js";
import { id, pageOf, paging, timestamp } from "./fields.js";

/** outbox.status takes nothing; an object with any field is refused (like every other input). */
export const OutboxStatusInput = z.strictObject({});
export type OutboxStatusInput = z.infer<typeof OutboxStatusInput>;

/** Is the hub publishing, how far behind is it, and is anything parked (the dashboard's view). */
export const OutboxStatus = z.strictObject({
  /** False when the hub runs without NATS_URL: events are recorded, not published. */
  publishing: z.boolean(),
  nats: z.strictObject({ state: z.string(), ok: z.boolean() }),
  /** Events waiting to be published (parked ones not included). */
  backlog: z.number().int().min(0),
  oldestPendingAt: timestamp().nullable(),
  parked: z.number().int().min(0),
  oldestParkedAt: timestamp().nullable(),
});
export type OutboxStatus = z.infer<typeof OutboxStatus>;

export const ListParkedInput = z.strictObject(paging).meta({ examples: [{ limit: 100 }] });
export type ListParkedInput = z.infer<typeof ListParkedInput>;

/** An event the relay gave up on: NATS refused it for good. */
export const ParkedEvent = z.strictObject({
  id: id(),
  subject: z.string(),
  envelope: EventEnvelope,
  recordedAt: timestamp(),
  attempts: z.number().int().min(0),
  lastError: z.string().nullable(),
  parkedReason: z.string(),
  parkedAt: timestamp(),
});
export type ParkedEvent = z.infer<typeof ParkedEvent>;
export const ParkedEventPage = pageOf(ParkedEvent);

/** Ids per retry or discard call: one page of `outbox.parked` at most. */
const eventIds = () => z.array(id()).min(1, "name at least one event id").max(500);

export const RetryParkedInput = z
  .union([z.strictObject({ ids: eventIds() }), z.strictObject({ all: z.literal(true) })], {
    error: "expected { ids: [event ids] } or { all: true }",
  })
  .meta({ examples: [{ ids: ["01931b0e-7c4a-7def-8a1b-2c3d4e5f6a7b"] }, { all: true }] });
export type RetryParkedInput = z.infer<typeof RetryParkedInput>;

export const RetryParkedResult = z.strictObject({
  /** Events moved back to the queue (the relay publishes them next). */
  retried: z.array(id()),
  /** Ids that were not parked (already retried, or published): left as they are. */
  notParked: z.array(id()),
});
export type RetryParkedResult = z.infer<typeof RetryParkedResult>;

export const DiscardParkedInput = z
  .strictObject({ ids: eventIds() })
  .meta({ examples: [{ ids: ["01931b0e-7c4a-7def-8a1b-2c3d4e5f6a7b"] }] });
export type DiscardParkedInput = z.infer<typeof DiscardParkedInput>;

export const DiscardParkedResult = z.strictObject({ discarded: z.array(id()) });
export type DiscardParkedResult = z.infer<typeof DiscardParkedResult>;
