import { type JetStreamClient, jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { type Clock, systemClock } from "@statehub/api";
import {
  DEFAULT_RETENTION_DAYS,
  markFailed,
  markPublished,
  OUTBOX_CHANNEL,
  pruneOutbox,
  withClaimedBatch,
} from "@statehub/api/outbox";
import type { Database, Subscription } from "@statehub/db";
import type { Logger } from "pino";
import { errorMessage } from "../error-message.js";
import { maskUrl } from "../mask-url.js";
import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF } from "./backoff.js";
import { NatsLink, type NatsSettings, type NatsState } from "./nats-connection.js";
import { publishBatch } from "./publisher.js";
import { ensureStream } from "./stream.js";
import { WakeSignal } from "./wake-signal.js";

export type RelayState =
  | "off"
  | "idle"
  | "connecting"
  | "publishing"
  | "waiting-for-nats"
  | "backing-off"
  | "stopped";

export const RELAY_STATES: readonly RelayState[] = [
  "off",
  "idle",
  "connecting",
  "publishing",
  "waiting-for-nats",
  "backing-off",
  "stopped",
];

export interface RelayOptions {
  database: Database;
  /** Absent: the relay is off; events are still recorded in the outbox. */
  nats: NatsSettings | undefined;
  /** JetStream stream name (NATS_STREAM). */
  stream: string;
  logger: Pick<Logger, "info" | "warn" | "error" | "debug">;
  clock?: Clock;
  batchSize?: number;
  /** Safety net in case a notification is lost. */
  pollIntervalMs?: number;
  publishTimeoutMs?: number;
  backoff?: BackoffPolicy;
  /** Days to keep published rows (STATEHUB_OUTBOX_RETENTION_DAYS); 0 keeps them forever. */
  retentionDays?: number;
  retentionIntervalMs?: number;
  /** Summarise a failure streak at most this often. */
  failureLogIntervalMs?: number;
}

export type RelayStatus = {
  enabled: boolean;
  state: RelayState;
  nats: NatsState | "off";
  stream: string;
  consecutiveFailures: number;
  lastError: string | undefined;
  lastPublishedAt: string | undefined;
  publishedTotal: number;
  failuresTotal: number;
};

export interface RelayCounters {
  onPublished(count: number, duplicates: number): void;
  onFailed(count: number): void;
}

/**
 * Moves committed outbox rows to JetStream. One loop per process; see README.md in this folder
 * for what it guarantees about order and duplicates.
 */
export class OutboxRelay {
  private readonly options: RelayOptions;
  private readonly clock: Clock;
  private readonly link: NatsLink | undefined;
  private readonly wake = new WakeSignal();
  /** Cuts a backoff short: stop, or NATS reconnecting after an outage. */
  private readonly interrupt = new WakeSignal();
  private currentState: RelayState = "off";
  private stopping = false;
  private loop: Promise<void> | undefined;
  private subscription: Subscription | undefined;
  private js: { nc: NatsConnection; client: JetStreamClient } | undefined;
  private streamChecked = false;
  private streamWarned = false;
  private retryAllNow = false;
  private retentionTimer: NodeJS.Timeout | undefined;
  private consecutiveFailures = 0;
  private streakStartedAt: number | undefined;
  private streakLoggedAt = 0;
  private lastError: string | undefined;
  private lastPublishedAt: Date | undefined;
  private publishedTotal = 0;
  private failuresTotal = 0;
  private readonly counters: RelayCounters[] = [];

  constructor(options: RelayOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.link = options.nats ? new NatsLink(options.nats) : undefined;
    this.link?.onStateChange((state) => {
      if (state === "connected") {
        // Back from an outage: rows that failed meanwhile are due now, not after their backoff.
        this.retryAllNow = true;
        this.interrupt.notify();
        this.wake.notify();
      }
    });
  }

  get enabled(): boolean {
    return this.link !== undefined;
  }

  get state(): RelayState {
    return this.currentState;
  }

  /** Counts published/failed events (metrics hook). */
  addCounters(counters: RelayCounters): void {
    this.counters.push(counters);
  }

  /** Starts the loop; resolves at once (connecting is lazy, in the loop). */
  async start(): Promise<void> {
    if (!this.link || !this.options.nats) {
      this.options.logger.info("relay off: NATS_URL is unset; events are recorded in the outbox only");
      return;
    }
    if (this.loop) return;
    this.options.logger.info(
      { nats: maskUrl(this.options.nats.url), stream: this.options.stream },
      "relay starting",
    );
    this.currentState = "idle";
    await this.subscribe();
    this.loop = this.run();
    this.scheduleRetention();
  }

  /** Asks for a drain soon (after a commit that recorded events). Cheap; coalesces. */
  notify(): void {
    this.wake.notify();
  }

  status(): RelayStatus {
    return {
      enabled: this.enabled,
      state: this.currentState,
      nats: this.link?.state ?? "off",
      stream: this.options.stream,
      consecutiveFailures: this.consecutiveFailures,
      lastError: this.lastError,
      lastPublishedAt: this.lastPublishedAt?.toISOString(),
      publishedTotal: this.publishedTotal,
      failuresTotal: this.failuresTotal,
    };
  }

  /**
   * Stops claiming, waits for the batch in flight (its acks are bounded by the publish timeout,
   * and by `timeoutMs` overall), then closes NATS. Rows of an abandoned batch stay unpublished
   * and are re-sent later under the same Nats-Msg-Id.
   */
  async stop(timeoutMs = 5_000): Promise<void> {
    this.stopping = true;
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    this.wake.notify();
    this.interrupt.notify();
    if (this.loop) await within(this.loop, timeoutMs);
    await this.subscription?.unlisten().catch(() => {});
    this.subscription = undefined;
    await this.link?.close();
    if (this.loop) await within(this.loop, 1_000);
    this.currentState = this.link ? "stopped" : "off";
  }

  private async subscribe(): Promise<void> {
    if (this.subscription) return;
    try {
      // onListen runs again after postgres.js reconnects: notifications may have been missed.
      this.subscription = await this.options.database.listen(
        OUTBOX_CHANNEL,
        () => this.wake.notify(),
        () => this.wake.notify(),
      );
    } catch (error) {
      // The poll covers until the next attempt (each loop turn retries).
      this.options.logger.debug({ err: errorMessage(error) }, "relay: LISTEN failed; polling meanwhile");
    }
  }

  private async run(): Promise<void> {
    const pollMs = this.options.pollIntervalMs ?? 5_000;
    while (!this.stopping) {
      try {
        await this.subscribe();
        const nc = await this.connection();
        if (!nc) {
          this.currentState = "waiting-for-nats";
          await this.wake.wait(pollMs);
          continue;
        }
        const headDueAt = await this.drain(nc);
        // A head row still backing off, or NATS gone mid-drain, means the failure is not over.
        if (!headDueAt && this.link?.usable === nc) this.recovered();
        if (this.stopping) break;
        this.currentState = "idle";
        const untilDue = headDueAt ? headDueAt.getTime() - Date.now() : pollMs;
        await this.wake.wait(Math.max(0, Math.min(pollMs, untilDue)));
      } catch (error) {
        const delay = this.failed(error);
        if (this.stopping) break;
        this.currentState = "backing-off";
        await this.interrupt.wait(delay);
      }
    }
  }

  /** The connection when usable; connects the first time; undefined while NATS reconnects. */
  private async connection(): Promise<NatsConnection | undefined> {
    if (!this.link) return undefined;
    if (this.link.state === "reconnecting") return undefined;
    let nc = this.link.usable;
    if (!nc) {
      this.currentState = "connecting";
      nc = await this.link.ensureConnected();
      this.options.logger.info("relay connected to NATS");
    }
    if (this.js?.nc !== nc) {
      this.js = { nc, client: jetstream(nc, { timeout: this.publishTimeout() }) };
      this.streamChecked = false;
    }
    if (!this.streamChecked) await this.checkStream(nc);
    return nc;
  }

  private async checkStream(nc: NatsConnection): Promise<void> {
    this.streamChecked = true;
    const result = await ensureStream(nc, this.options.stream);
    if (result.ok) {
      if (result.action !== "unchanged") {
        this.options.logger.info(
          { stream: this.options.stream, action: result.action },
          "relay: stream ensured",
        );
      }
    } else if (!this.streamWarned) {
      this.streamWarned = true;
      this.options.logger.warn(
        { stream: this.options.stream, reason: result.reason },
        "relay: cannot create or inspect the stream (not permitted?); publishing anyway",
      );
    }
  }

  /** Publishes batches until nothing is due; returns when the head row becomes due, if it waits. */
  private async drain(nc: NatsConnection): Promise<Date | undefined> {
    const batchSize = this.options.batchSize ?? 256;
    const client = this.js?.nc === nc ? this.js.client : jetstream(nc);
    for (;;) {
      if (this.stopping || this.link?.usable !== nc) return undefined;
      const ignoreSchedule = this.retryAllNow;
      this.retryAllNow = false;
      // Backoff is operational time (real), unlike published_at (the hub's clock, like every
      // other recorded time, so retention follows the same clock as the records).
      const now = new Date();
      const result = await withClaimedBatch(
        this.options.database,
        { limit: batchSize, now, ignoreSchedule },
        async (batch, tx) => {
          if (batch.rows.length === 0) return { claimed: 0, headDueAt: batch.headDueAt, failure: undefined };
          this.currentState = "publishing";
          const outcome = await publishBatch(client, batch.rows, {
            stream: this.options.stream,
            timeoutMs: this.publishTimeout(),
          });
          const publishedAt = this.clock.now();
          await markPublished(tx, outcome.acked, publishedAt);
          let failure: RelayFailure | undefined;
          if (outcome.failed.length > 0) {
            const first = outcome.failed[0]?.error ?? "unknown";
            const delay = backoffDelay(this.consecutiveFailures + 1, this.options.backoff ?? DEFAULT_BACKOFF);
            const ids = outcome.failed.map((f) => f.id);
            await markFailed(tx, ids, first, new Date(Date.now() + delay));
            failure = new RelayFailure(
              `${ids.length} of ${batch.rows.length} events not acknowledged: ${first}`,
              delay,
              ids.length,
            );
          }
          if (outcome.acked.length > 0) {
            this.publishedTotal += outcome.acked.length;
            this.lastPublishedAt = publishedAt;
            for (const c of this.counters) c.onPublished(outcome.acked.length, outcome.duplicates);
          }
          return { claimed: batch.rows.length, headDueAt: batch.headDueAt, failure };
        },
      );
      if (result.failure) throw result.failure;
      if (result.claimed < batchSize) return result.headDueAt;
    }
  }

  private publishTimeout(): number {
    return this.options.publishTimeoutMs ?? 5_000;
  }

  /** Counts and logs a failure (a line for the first of a streak, then a summary now and then). */
  private failed(error: unknown): number {
    this.consecutiveFailures += 1;
    // The stream may be what is missing (e.g. JetStream was not ready when we connected).
    this.streamChecked = false;
    const events = error instanceof RelayFailure ? error.events : 0;
    this.failuresTotal += 1;
    for (const c of this.counters) c.onFailed(events);
    this.lastError = errorMessage(error);
    const delay =
      error instanceof RelayFailure
        ? error.delayMs
        : backoffDelay(this.consecutiveFailures, this.options.backoff ?? DEFAULT_BACKOFF);
    const now = Date.now();
    const summaryEvery = this.options.failureLogIntervalMs ?? 60_000;
    if (this.consecutiveFailures === 1) {
      this.streakStartedAt = now;
      this.streakLoggedAt = now;
      this.options.logger.warn(
        { err: this.lastError, retryInMs: delay },
        "relay: publishing failed; retrying with backoff (repeats are summarised)",
      );
    } else if (now - this.streakLoggedAt >= summaryEvery) {
      this.streakLoggedAt = now;
      this.options.logger.warn(
        {
          err: this.lastError,
          failures: this.consecutiveFailures,
          sinceMs: now - (this.streakStartedAt ?? now),
          nats: this.link?.state,
        },
        "relay: still failing",
      );
    }
    return delay;
  }

  private recovered(): void {
    if (this.consecutiveFailures === 0) return;
    this.options.logger.info(
      { failures: this.consecutiveFailures, afterMs: Date.now() - (this.streakStartedAt ?? Date.now()) },
      "relay: recovered",
    );
    this.consecutiveFailures = 0;
    this.streakStartedAt = undefined;
    this.lastError = undefined;
  }

  private scheduleRetention(): void {
    const days = this.options.retentionDays ?? DEFAULT_RETENTION_DAYS;
    if (days <= 0) return;
    const prune = async () => {
      try {
        const deleted = await pruneOutbox(this.options.database.db, {
          retentionDays: days,
          now: this.clock.now(),
        });
        if (deleted > 0)
          this.options.logger.info({ deleted, retentionDays: days }, "outbox: pruned published events");
      } catch (error) {
        this.options.logger.warn({ err: errorMessage(error) }, "outbox: pruning failed; will retry");
      }
    };
    this.retentionTimer = setInterval(() => void prune(), this.options.retentionIntervalMs ?? 3_600_000);
    this.retentionTimer.unref();
    void prune();
  }
}

/** A batch that was not fully acknowledged; the rows already carry their retry time. */
class RelayFailure extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
    readonly events: number,
  ) {
    super(message);
    this.name = "RelayFailure";
  }
}

function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.then(
      () => {},
      () => {},
    ),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
