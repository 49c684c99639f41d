import { JetStreamApiError } from "@nats-io/jetstream";
import { InvalidArgumentError, PermissionViolationError, RequestError } from "@nats-io/transport-node";

/**
 * Why NATS will never take a message as it is, whatever the relay does. Anything else (no ack
 * in time, connection lost, JetStream busy) is transient: retried with backoff, never parked.
 */
export type RefusalCause =
  /** Larger than the server's max_payload: the client refuses to send it. */
  | "payload-too-large"
  /** Larger than the stream's max_msg_size (JetStream error 10054). */
  | "over-stream-limit"
  /** No stream listens on the subject: JetStream answers "no responders". */
  | "no-stream"
  /** Another stream than the expected one holds the subject (JetStream error 10060). */
  | "other-stream"
  /** The account may not publish on the subject (a -ERR "Permissions Violation for Publish"). */
  | "not-permitted";

// nats-server's JetStream API error codes (server/errors.json) that refuse one message for good.
const JS_MESSAGE_TOO_LARGE = 10054;
const JS_STREAM_NOT_MATCH = 10060;

/** The refusal behind a failed publish (nats.js v3 error types), or undefined when transient. */
export function refusalCause(error: unknown): RefusalCause | undefined {
  if (error instanceof InvalidArgumentError && error.message.includes("max_payload"))
    return "payload-too-large";
  if (error instanceof JetStreamApiError) {
    if (error.code === JS_MESSAGE_TOO_LARGE) return "over-stream-limit";
    if (error.code === JS_STREAM_NOT_MATCH) return "other-stream";
    return undefined;
  }
  // nats.js turns a publish's "no responders" into JetStreamNotEnabled (its cause says so): no
  // stream captures the subject (or JetStream is off altogether).
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof RequestError && cause.isNoResponders()) return "no-stream";
  const violation = error instanceof RequestError ? error.cause : error;
  if (violation instanceof PermissionViolationError && violation.operation === "publish")
    return "not-permitted";
  return undefined;
}

/** One line for the operator: what NATS refused and what to change. */
export function describeRefusal(
  cause: RefusalCause,
  context: { subject: string; stream: string; bytes: number },
): string {
  switch (cause) {
    case "payload-too-large":
      return `payload too large: the event is ${context.bytes} bytes, over the NATS server's max_payload`;
    case "over-stream-limit":
      return `payload too large: the event is ${context.bytes} bytes, over stream ${context.stream}'s max_msg_size`;
    case "no-stream":
      return `no stream for subject ${context.subject}: no JetStream stream captures it (expected ${context.stream})`;
    case "other-stream":
      return `subject ${context.subject} belongs to another stream than ${context.stream}`;
    case "not-permitted":
      return `publish to ${context.subject} not permitted for the hub's NATS user`;
  }
}
