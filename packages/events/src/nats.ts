import type { AnyEnvelope } from "./envelope.js";

/** JetStream de-duplicates on this header; the hub sets it to the envelope id. */
export const NATS_MSG_ID_HEADER = "Nats-Msg-Id";

/** Every subject in the catalog matches this filter: the stream's and the consumers' subject. */
export const SUBJECT_WILDCARD = "org.statehub.>";

/** The JetStream stream carrying SUBJECT_WILDCARD, unless configured otherwise (`NATS_STREAM`). */
export const DEFAULT_STREAM_NAME = "STATEHUB";

/**
 * How long the stream remembers a Nats-Msg-Id: a second publish of the same envelope id within
 * this window is dropped as a duplicate. The hub's exactly-once promise rests on it: the relay
 * marks an outbox row published only after JetStream's ack, so a crash, a lost ack or a database
 * blip between publish and mark makes it publish the row again, after at most one backoff cap
 * (2 min) in normal operation. 10 minutes covers that with a wide margin and a slow restart;
 * a shorter window (the fixture's 2 minutes) would let such a re-send through as a second event.
 * Whoever creates the stream (the relay, a consumer, an operator) should use at least this.
 */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

/** DUPLICATE_WINDOW_MS in nanoseconds, the unit of JetStream's `duplicate_window` setting. */
export const DUPLICATE_WINDOW_NS = DUPLICATE_WINDOW_MS * 1_000_000;

/** The value of the Nats-Msg-Id header for an envelope (its id). */
export function natsMsgId(envelope: Pick<AnyEnvelope, "id">): string {
  return envelope.id;
}

/** Headers to publish an envelope with, as name → value. */
export function natsHeadersFor(envelope: Pick<AnyEnvelope, "id">): Record<string, string> {
  return { [NATS_MSG_ID_HEADER]: natsMsgId(envelope) };
}

/** The bytes published on NATS for an envelope. */
export function encodeEnvelope(envelope: AnyEnvelope): string {
  return JSON.stringify(envelope);
}
