import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  type JsMsg,
  jetstream,
  jetstreamManager,
  StorageType,
} from "@nats-io/jetstream";
import { type NatsConnection, nanos } from "@nats-io/transport-node";
import { DUPLICATE_WINDOW_MS, SUBJECT_WILDCARD } from "@statehub/events";
import type { Logger } from "pino";

interface ConsumerSettings {
  stream: string;
  durable: string;
  /** Server-side bound on delivered-but-unacked messages. */
  maxAckPending: number;
  /** Client-side pull size: how many messages are buffered at once. */
  batchSize: number;
  /** How long the server waits for an ack before redelivering. */
  ackWaitMs: number;
  /** Create the stream when it is missing (tests, local runs); in production the hub's relay owns it. */
  ensureStream: boolean;
  /** How long to wait before looking again for a missing stream or after a consumer error. */
  retryIntervalMs: number;
}

export interface ConsumerState {
  lag: number;
  ackPending: number;
}

function isApiError(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}

async function ensureStreamExists(
  jsm: JetStreamManager,
  settings: ConsumerSettings,
  logger: Logger,
): Promise<boolean> {
  try {
    await jsm.streams.info(settings.stream);
    return true;
  } catch (error) {
    if (!isApiError(error, JetStreamApiCodes.StreamNotFound)) throw error;
  }
  if (!settings.ensureStream) return false;
  await jsm.streams.add({
    name: settings.stream,
    subjects: [SUBJECT_WILDCARD],
    storage: StorageType.File,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  });
  logger.info({ stream: settings.stream }, "stream created");
  return true;
}

/** Creates the durable when missing, or brings its tunable limits to the configured values. */
async function ensureDurable(
  jsm: JetStreamManager,
  settings: ConsumerSettings,
  logger: Logger,
): Promise<void> {
  const limits = {
    ack_wait: nanos(settings.ackWaitMs),
    max_ack_pending: settings.maxAckPending,
    max_deliver: -1,
  };
  try {
    const info = await jsm.consumers.info(settings.stream, settings.durable);
    const current = info.config;
    if (
      current.ack_wait !== limits.ack_wait ||
      current.max_ack_pending !== limits.max_ack_pending ||
      (current.max_deliver ?? -1) !== limits.max_deliver
    ) {
      await jsm.consumers.update(settings.stream, settings.durable, limits);
      logger.info({ durable: settings.durable, ...limits }, "consumer limits updated");
    }
    return;
  } catch (error) {
    if (!isApiError(error, JetStreamApiCodes.ConsumerNotFound)) throw error;
  }
  await jsm.consumers.add(settings.stream, {
    durable_name: settings.durable,
    filter_subject: SUBJECT_WILDCARD,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ...limits,
  });
  logger.info({ stream: settings.stream, durable: settings.durable }, "durable consumer created");
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * A durable pull consumer on the hub's stream. Messages are handled one at a time, in order
 * of delivery; at most `batchSize` are buffered and `maxAckPending` outstanding. Whatever goes
 * wrong with NATS (missing stream, server restart, deleted consumer), the loop sets itself up
 * again after a pause, until stop().
 */
export class EventConsumer {
  private readonly stopping = new AbortController();
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private lastState: ConsumerState | undefined;
  private resolveReady!: () => void;
  /** Resolves once the consumer pulls messages for the first time. */
  readonly ready = new Promise<void>((resolve) => {
    this.resolveReady = resolve;
  });

  constructor(
    private readonly nc: NatsConnection,
    private readonly settings: ConsumerSettings,
    private readonly handle: (m: JsMsg) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  private async run(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    const js = jetstream(this.nc);
    let waitingLogged = false;
    while (!this.stopping.signal.aborted) {
      try {
        if (!(await ensureStreamExists(jsm, this.settings, this.logger))) {
          if (!waitingLogged)
            this.logger.warn({ stream: this.settings.stream }, "stream not found; waiting for it");
          waitingLogged = true;
          await sleep(this.settings.retryIntervalMs, this.stopping.signal);
          continue;
        }
        await ensureDurable(jsm, this.settings, this.logger);
        const consumer = await js.consumers.get(this.settings.stream, this.settings.durable);
        this.messages = await consumer.consume({ max_messages: this.settings.batchSize });
        // stop() came while this was being set up, so it closed nothing. Close now, without
        // awaiting: nats.js finishes a close only when the iterator is read, which the loop
        // below does (handling what was already buffered, as a stop during consuming does).
        if (this.stopping.signal.aborted) void this.messages.close();
        this.resolveReady();
        this.logger.info({ stream: this.settings.stream, durable: this.settings.durable }, "consuming");
        for await (const m of this.messages) {
          await this.handle(m);
        }
      } catch (error) {
        if (this.stopping.signal.aborted) break;
        this.logger.error({ err: (error as Error).message }, "consumer failed; setting it up again");
        await sleep(this.settings.retryIntervalMs, this.stopping.signal);
      }
    }
  }

  /** The consumer's lag and ack backlog, from the server; the last known values when it is unreachable. */
  async state(): Promise<ConsumerState | undefined> {
    try {
      const jsm = await jetstreamManager(this.nc, { timeout: 2_000 });
      const info = await jsm.consumers.info(this.settings.stream, this.settings.durable);
      this.lastState = { lag: info.num_pending, ackPending: info.num_ack_pending };
    } catch {
      // keep the last known state: a status read must not fail because NATS is briefly away
    }
    return this.lastState;
  }

  /** Stops pulling and waits for the message in hand to be handled (and acked). */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.messages?.close();
    await this.loop;
  }
}
