import type { JetStreamClient } from "@nats-io/jetstream";
import type { Acked, OutboxRow, Refused } from "@statehub/api/outbox";
import { natsMsgId } from "@statehub/events";
import { errorWithName } from "../error-message.js";
import { describeRefusal, type RefusalCause, refusalCause } from "./refusal.js";

export interface PublishOutcome {
  acked: Acked[];
  /** Duplicate acks among `acked`: the stream already had the message (a re-send after a crash). */
  duplicates: number;
  /** Refused for good (see refusal.ts), with the reason for the operator. */
  refused: (Refused & { cause: RefusalCause })[];
  /** Not acknowledged for a transient reason: retried with backoff. */
  failed: { id: string; error: string }[];
}

export interface PublishOptions {
  stream: string;
  timeoutMs: number;
}

/**
 * Publishes a batch with pipelined acks: every publish is sent before any ack is awaited, in
 * position order on one connection, so the stream stores them in that order. Each message
 * carries Nats-Msg-Id = envelope id; a duplicate ack means the stream already holds it, which
 * is success.
 */
export async function publishBatch(
  js: JetStreamClient,
  rows: OutboxRow[],
  options: PublishOptions,
): Promise<PublishOutcome> {
  const pending = rows.map((row) =>
    // The row id is the envelope id (recordEvent), so the header needs no parsing.
    js.publish(row.subject, row.payload, {
      msgID: natsMsgId({ id: row.id }),
      timeout: options.timeoutMs,
      expect: { streamName: options.stream },
    }),
  );
  const settled = await Promise.allSettled(pending);
  const outcome: PublishOutcome = { acked: [], duplicates: 0, refused: [], failed: [] };
  settled.forEach((result, index) => {
    const row = rows[index];
    if (!row) return;
    if (result.status === "fulfilled") {
      outcome.acked.push({ id: row.id, streamSequence: result.value.seq });
      if (result.value.duplicate) outcome.duplicates += 1;
      return;
    }
    const cause = refusalCause(result.reason);
    if (cause) {
      const context = { subject: row.subject, stream: options.stream, bytes: Buffer.byteLength(row.payload) };
      outcome.refused.push({ id: row.id, cause, reason: describeRefusal(cause, context) });
    } else {
      outcome.failed.push({ id: row.id, error: errorWithName(result.reason) });
    }
  });
  return outcome;
}
