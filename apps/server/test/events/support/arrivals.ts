import { jetstream } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { NATS_MSG_ID_HEADER } from "@statehub/events";

export interface StreamArrivals {
  /** Each event id with the moment (performance.now()) it was read from the stream. */
  arrivedAt: Map<string, number>;
  /** Every Nats-Msg-Id read, in stream order (duplicates show up twice). */
  order: string[];
  stop(): Promise<void>;
}

/**
 * Follows a stream with an ordered consumer from its start and notes when each message arrived:
 * "in the stream" as a consumer sees it. The stream must exist.
 */
export async function followStream(url: string, stream: string): Promise<StreamArrivals> {
  const nc = await connect({ servers: url });
  const consumer = await jetstream(nc).consumers.get(stream);
  const messages = await consumer.consume();
  const arrivedAt = new Map<string, number>();
  const order: string[] = [];
  const reading = (async () => {
    for await (const message of messages) {
      const id = message.headers?.get(NATS_MSG_ID_HEADER);
      if (!id) continue;
      order.push(id);
      if (!arrivedAt.has(id)) arrivedAt.set(id, performance.now());
    }
  })();
  return {
    arrivedAt,
    order,
    async stop() {
      await messages.close();
      await reading.catch(() => {});
      await nc.close();
    },
  };
}
