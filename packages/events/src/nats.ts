import type { AnyEnvelope } from "./envelope.js";

/** JetStream de-duplicates on this header; the hub sets it to the envelope id. */
export const NATS_MSG_ID_HEADER = "Nats-Msg-Id";

/** Every subject in the catalog matches this filter: the stream's and the consumers' subject. */
export const SUBJECT_WILDCARD = "org.statehub.>";

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
