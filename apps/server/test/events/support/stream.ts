import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { NATS_MSG_ID_HEADER } from "@statehub/events";

export interface StoredEvent {
  seq: number;
  subject: string;
  msgId: string | undefined;
  body: string;
  json: unknown;
}

/** Reads every message of a stream back, in stream order (by sequence, via the stream API). */
export async function readStream(url: string, stream: string): Promise<StoredEvent[]> {
  const nc = await connect({ servers: url, reconnect: false });
  try {
    return await readStreamWith(nc, stream);
  } finally {
    await nc.close();
  }
}

export async function readStreamWith(nc: NatsConnection, stream: string): Promise<StoredEvent[]> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream).catch(() => undefined);
  if (!info) return [];
  const events: StoredEvent[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq += 1) {
    const message = await jsm.streams.getMessage(stream, { seq });
    if (!message) continue;
    events.push({
      seq: message.seq,
      subject: message.subject,
      msgId: message.header.get(NATS_MSG_ID_HEADER) || undefined,
      body: message.string(),
      json: message.json(),
    });
  }
  return events;
}

/** Ids of the stream's messages, in stream order. */
export async function streamIds(url: string, stream: string): Promise<string[]> {
  return (await readStream(url, stream)).map((e) => (e.json as { id: string }).id);
}

/** Removes a stream (tests use one per case, and streams may not overlap in subjects). */
export async function deleteStream(url: string, stream: string): Promise<void> {
  const nc = await connect({ servers: url, reconnect: false });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(stream).catch(() => false);
  } finally {
    await nc.close();
  }
}
