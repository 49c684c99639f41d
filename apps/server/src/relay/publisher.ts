import type { JetStreamClient } from "@nats-io/jetstream";
import type { Acked, OutboxRow } from "@statehub/api/outbox";
import { natsMsgId } from "@statehub/events";
import { errorMessage } from "../error-message.js";

export interface PublishOutcome {
  acked: Acked[];
  /** Duplicate acks among `acked`: the stream already had the message (a re-send after a crash). */
  duplicates: number;
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
  const outcome: PublishOutcome = { acked: [], duplicates: 0, failed: [] };
  settled.forEach((result, index) => {
    const row = rows[index];
    if (!row) return;
    if (result.status === "fulfilled") {
      outcome.acked.push({ id: row.id, streamSequence: result.value.seq });
      if (result.value.duplicate) outcome.duplicates += 1;
    } else {
      outcome.failed.push({ id: row.id, error: errorMessage(result.reason) });
    }
  });
  return outcome;
}
