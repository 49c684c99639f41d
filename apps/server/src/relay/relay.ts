import { type Clock, systemClock } from "@statehub/api";
import {
  type ClaimedBatch,
  type ClaimOptions,
  DEFAULT_PARKING,
  listenForOutboxChanges,
  markFailed,
  markPublished,
  markRefused,
  type ParkingPolicy,
  type RefusalOutcome,
  withClaimedBatch,
} from "@statehub/api/outbox";
import type { Database, DbOrTx, Subscription } from "@statehub/db";
import type { Logger } from "pino";
import { errorWithName } from "../error-message.js";
import { maskUrl } from "../mask-url.js";
import type { BackoffPolicy } from "./backoff.js";
import { BatchReport } from "./batch-report.js";
import { FailureStreak } from "./failure-streak.js";
import { JetStreamTarget, type StreamPublisher } from "./jetstream-target.js";
import { NatsLink, type NatsSettings } from "./nats-connection.js";
import type { PublishOutcome } from "./publisher.js";
import type { RelayCounters, RelayState, RelayStatus } from "./relay-status.js";
import { WakeSignal } from "./wake-signal.js";

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
  /** Source of the backoff's jitter (tests pin it). */
  random?: () => number;
  /** When an event NATS refuses for good is parked. */
  parking?: ParkingPolicy;
  /** Summarise a failure streak at most this often. */
  failureLogIntervalMs?: number;
}

/** A batch once its marks are committed, and the next batch if it was claimed meanwhile. */
interface ClaimedResult extends BatchResult {
  ahead: Promise<ClaimedResult> | undefined;
}

/** What one claimed batch came to; acted upon once its marks are committed. */
interface BatchResult {
  claimed: number;
  headDueAt: Date | undefined;
  outcome?: PublishOutcome;
  refusal?: RefusalOutcome;
  publishedAt?: Date;
  failure?: RelayFailure;
  /** Claimed ahead, then let go unpublished: the batch before it was not fully acknowledged. */
  released?: boolean;
}

/**
 * Moves committed outbox rows to JetStream: the loop that drives the outbox steps (claim, mark,
 * park — @statehub/api/outbox) and the NATS side (jetstream-target.ts). One loop per process;
 * see README.md in this folder for what it guarantees about order and duplicates.
 */
export class OutboxRelay {
  private readonly options: RelayOptions;
  private readonly clock: Clock;
  private readonly target: JetStreamTarget | undefined;
  private readonly streak: FailureStreak;
  private readonly wake = new WakeSignal();
  /** Cuts a backoff short: stop, or NATS reconnecting after an outage. */
  private readonly interrupt = new WakeSignal();
  private currentState: RelayState = "off";
  private stopping = false;
  private loop: Promise<void> | undefined;
  private subscription: Subscription | undefined;
  // Stryker disable next-line BooleanLiteral: the first connect sets it (the connected hook below) before any drain
  private retryAllNow = false;
  /** When the earliest row refused (not parked) by this relay is due again. */
  private refusalRetryAt: Date | undefined;
  private readonly report: BatchReport;

  constructor(options: RelayOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.report = new BatchReport(options.logger);
    this.streak = new FailureStreak(options.logger, {
      backoff: options.backoff,
      random: options.random,
      summaryEveryMs: options.failureLogIntervalMs,
    });
    if (options.nats) {
      const link = new NatsLink(options.nats);
      link.onStateChange((state) => {
        if (state === "connected") {
          // Back from an outage: failed rows are due now, and the server may have lost the stream.
          this.retryAllNow = true;
          // Stryker disable next-line OptionalChaining: the target is built with the link, before the link can report
          this.target?.recheckStream();
          this.interrupt.notify();
          this.wake.notify();
        }
      });
      this.target = new JetStreamTarget(link, {
        stream: options.stream,
        publishTimeoutMs: this.publishTimeout(),
        logger: options.logger,
      });
    }
  }

  get enabled(): boolean {
    return this.target !== undefined;
  }

  get state(): RelayState {
    return this.currentState;
  }

  /** Counts published/failed/refused events (metrics hook). */
  addCounters(counters: RelayCounters): void {
    this.report.addCounters(counters);
  }

  /** Starts the loop; resolves at once (connecting is lazy, in the loop). */
  async start(): Promise<void> {
    // Stryker disable next-line LogicalOperator: the target exists exactly when options.nats does
    if (!this.target || !this.options.nats) {
      this.options.logger.info("relay off: NATS_URL is unset; events are recorded in the outbox only");
      return;
    }
    if (this.loop) return;
    this.options.logger.info(
      { nats: maskUrl(this.options.nats.url), stream: this.options.stream },
      "relay starting",
    );
    // Not "idle" until the first drain after connecting: a caller waiting for "idle" then knows
    // the connect-time catch-up (every row due at once) is behind it.
    // Stryker disable next-line StringLiteral: a label the loop replaces; callers wait for "idle"
    this.currentState = "connecting";
    await this.subscribe();
    this.loop = this.run();
  }

  /** Asks for a drain soon (after a commit that recorded events). Cheap; coalesces. */
  notify(): void {
    this.wake.notify();
  }

  status(): RelayStatus {
    return {
      enabled: this.enabled,
      state: this.currentState,
      nats: this.target?.natsState ?? "off",
      stream: this.options.stream,
      consecutiveFailures: this.streak.failures,
      lastError: this.streak.lastError,
      lastPublishedAt: this.report.lastPublishedAt?.toISOString(),
      publishedTotal: this.report.publishedTotal,
      failuresTotal: this.streak.failuresTotal,
    };
  }

  /**
   * Stops claiming, waits for the batch in flight (its acks are bounded by the publish timeout,
   * and by `timeoutMs` overall), then closes NATS. Rows of an abandoned batch stay unpublished
   * and are re-sent later under the same Nats-Msg-Id.
   */
  async stop(timeoutMs = 5_000): Promise<void> {
    this.stopping = true;
    this.wake.notify();
    this.interrupt.notify();
    if (this.loop) await within(this.loop, timeoutMs);
    await this.subscription?.unlisten().catch(() => {});
    this.subscription = undefined;
    await this.target?.close();
    if (this.loop) await within(this.loop, 1_000);
    this.currentState = this.target ? "stopped" : "off";
  }

  private async subscribe(): Promise<void> {
    if (this.subscription) return;
    try {
      this.subscription = await listenForOutboxChanges(this.options.database, () => this.wake.notify());
    } catch (error) {
      // The poll covers until the next attempt (each loop turn retries).
      this.options.logger.debug({ err: errorWithName(error) }, "relay: LISTEN failed; polling meanwhile");
    }
  }

  private async run(): Promise<void> {
    const pollMs = this.options.pollIntervalMs ?? 5_000;
    const target = this.target;
    // Stryker disable next-line LogicalOperator: `target` is constant here, and stop() sets `stopping` before waking the loop
    while (!this.stopping && target) {
      try {
        await this.subscribe();
        // Stryker disable next-line ConditionalExpression: a label ready() replaces (connected, or waiting-for-nats)
        if (target.needsConnecting) this.currentState = "connecting";
        const publisher = await target.ready();
        if (!publisher) {
          this.currentState = "waiting-for-nats";
          await this.wake.wait(pollMs);
          continue;
        }
        const headDueAt = await this.drain(publisher);
        // A head row still backing off, or NATS gone mid-drain, means the failure is not over.
        if (!headDueAt && target.isUsable(publisher)) this.streak.recovered();
        if (this.stopping) break;
        this.currentState = "idle";
        const dueAt = earliest(headDueAt, this.refusalRetryAt);
        const untilDue = dueAt ? dueAt.getTime() - Date.now() : pollMs;
        await this.wake.wait(Math.max(0, Math.min(pollMs, untilDue)));
      } catch (error) {
        // A failed connect ends in a new connection, whose stream is checked (a reconnect is
        // checked too, above); a failed publish or database call says nothing about the stream.
        const delay = error instanceof RelayFailure ? error.delayMs : this.streak.nextDelay();
        // Stryker disable next-line ObjectLiteral: log context only
        this.streak.failed(errorWithName(error), delay, { nats: target.natsState });
        this.report.failed(error instanceof RelayFailure ? error.events : 0);
        if (this.stopping) break;
        this.currentState = "backing-off";
        await this.interrupt.wait(delay);
      }
    }
  }

  /** Publishes batches until nothing is due; returns when the head row becomes due, if it waits. */
  private async drain(publisher: StreamPublisher): Promise<Date | undefined> {
    const batchSize = this.options.batchSize ?? 256;
    let ahead: Promise<ClaimedResult> | undefined;
    for (;;) {
      // Stryker disable next-line OptionalChaining: drain runs only with a target
      if (!ahead && (this.stopping || !this.target?.isUsable(publisher))) return undefined;
      let result: ClaimedResult;
      try {
        result = await (ahead ?? this.claimAndPublish(publisher, batchSize));
      } catch (error) {
        // A batch whose marks did not commit is re-sent later (JetStream de-duplicates it);
        // one claimed ahead of it was published after it and stands on its own: counted, and
        // done before the next drain claims anything.
        if (!(error instanceof BatchAborted)) throw error;
        await this.settleAhead(error.ahead);
        throw error.cause;
      }
      ahead = result.ahead;
      this.settle(result);
      if (result.failure) {
        await this.settleAhead(ahead);
        throw result.failure;
      }
      // A batch claimed ahead and released (the one before it was not fully acknowledged) says
      // nothing about what is due: claim again.
      // Stryker disable next-line LogicalOperator: on Postgres a full, fully acknowledged batch always claims ahead
      if (!ahead && !result.released && result.claimed < batchSize) return result.headDueAt;
    }
  }

  /**
   * Claims a batch, publishes it and marks it in the claim's transaction. When the batch is full,
   * the next one is claimed at once (on a second connection of the relay's pool) and waits, its
   * rows locked, for this one's turn to end: it is published only if every event of this batch
   * was acknowledged, and otherwise released unpublished, as if never claimed. So the next
   * claim's round trips overlap this batch's publishing and marks instead of following them.
   * Its rows are others (this transaction locks its rows until it commits, and SKIP LOCKED passes
   * them over), and its events are sent after these were all acknowledged, so the stream keeps
   * commit order. If these marks then fail to commit, the rows are published again later under
   * the same Nats-Msg-Id (JetStream drops the copies), as after a crash. Not on PGlite (one
   * connection: nothing to overlap).
   *
   * `turn`, for a batch claimed ahead: whether the batch before it may be followed.
   */
  private async claimAndPublish(
    publisher: StreamPublisher,
    batchSize: number,
    turn?: Promise<boolean>,
  ): Promise<ClaimedResult> {
    let ahead: Promise<ClaimedResult> | undefined;
    let endTurn: ((followed: boolean) => void) | undefined;
    const options = this.claimOptions(batchSize);
    const result = await withClaimedBatch(this.options.database, options, async (batch, tx) => {
      if (turn && !(await turn)) {
        // Nothing was published: the claim lapses with this transaction. A claim that was to
        // ignore the schedule (NATS back after an outage) leaves that to the next one.
        if (options.ignoreSchedule) this.retryAllNow = true;
        return { claimed: 0, headDueAt: undefined, released: true };
      }
      if (this.mayClaimAhead(batch.rows.length, batchSize, publisher)) {
        const nextTurn = new Promise<boolean>((resolve) => {
          endTurn = resolve;
        });
        ahead = this.claimAndPublish(publisher, batchSize, nextTurn);
        // Awaited by drain (or settleAhead); never left to reject unobserved.
        ahead.catch(() => {});
      }
      try {
        return await this.publish(publisher, batch, tx, (outcome) => {
          endTurn?.(outcome.acked.length === batch.rows.length && this.mayContinue(publisher));
        });
      } finally {
        // A publish that threw ends the turn too (a later call is a no-op).
        endTurn?.(false);
      }
    }).catch((error: unknown) => {
      // This batch failed, maybe after the next claim started: drain settles that one.
      throw new BatchAborted(error, ahead);
    });
    return { ...result, ahead };
  }

  /** Whether a full batch may have the next one claimed while it is published (Postgres only). */
  private mayClaimAhead(claimed: number, batchSize: number, publisher: StreamPublisher): boolean {
    // Only after a full batch: claiming ahead for every commit notified meanwhile made the
    // batches smaller under load (bench:api repos.register: +6–11 % hub CPU per request, −20 %
    // req/s) and did not move bench:e2e's p50.
    return (
      this.options.database.kind === "postgres" &&
      // Stryker disable next-line ConditionalExpression: performance only (a claim ahead after a partial batch keeps the order)
      claimed === batchSize &&
      this.mayContinue(publisher)
    );
  }

  /** Whether the drain may go on past this batch: not stopping, and on the same connection. */
  private mayContinue(publisher: StreamPublisher): boolean {
    if (this.stopping) return false;
    // Stryker disable next-line ConditionalExpression,OptionalChaining: not stageable; a stale connection fails the next batch anyway
    return this.target?.isUsable(publisher) === true;
  }

  /** Waits for batches claimed ahead (and theirs), counting what they published; errors end it. */
  private async settleAhead(ahead: Promise<ClaimedResult> | undefined): Promise<void> {
    let next = ahead;
    while (next) {
      let result: ClaimedResult;
      try {
        result = await next;
      } catch (error) {
        // Failed too, but it may have claimed ahead before it did.
        next = error instanceof BatchAborted ? error.ahead : undefined;
        continue;
      }
      this.settle(result);
      next = result.ahead;
    }
  }

  private claimOptions(batchSize: number): ClaimOptions {
    const ignoreSchedule = this.retryAllNow;
    this.retryAllNow = false;
    // Backoff is operational time (real), unlike published_at (the hub's clock, like every
    // other recorded time, so retention follows the same clock as the records).
    const now = new Date();
    if (this.refusalRetryAt && this.refusalRetryAt <= now) this.refusalRetryAt = undefined;
    return { limit: batchSize, now, ignoreSchedule };
  }

  /** Publishes one claimed batch and marks every row in the claim's transaction. */
  private async publish(
    publisher: StreamPublisher,
    batch: ClaimedBatch,
    tx: DbOrTx,
    beforeMarking?: (outcome: PublishOutcome) => void,
  ): Promise<BatchResult> {
    if (batch.rows.length === 0) return { claimed: 0, headDueAt: batch.headDueAt };
    this.currentState = "publishing";
    const outcome = await publisher.publish(batch.rows);
    // Stryker disable next-line OptionalChaining: the callback is always passed
    beforeMarking?.(outcome);
    const publishedAt = this.clock.now();
    await markPublished(tx, outcome.acked, publishedAt);
    const refusal = await markRefused(
      tx,
      outcome.refused,
      new Date(),
      this.options.parking ?? DEFAULT_PARKING,
    );
    let failure: RelayFailure | undefined;
    if (outcome.failed.length > 0) {
      // Stryker disable next-line StringLiteral,OptionalChaining: inside failed.length > 0, failed[0] exists and carries its error
      const first = outcome.failed[0]?.error ?? "unknown";
      const delay = this.streak.nextDelay();
      const ids = outcome.failed.map((f) => f.id);
      await markFailed(tx, ids, first, new Date(Date.now() + delay));
      failure = new RelayFailure(
        // Stryker disable next-line StringLiteral: the failure line's text; pinned by failures.test.ts, outside this run
        `${ids.length} of ${batch.rows.length} events not acknowledged: ${first}`,
        delay,
        ids.length,
      );
    }
    return { claimed: batch.rows.length, headDueAt: batch.headDueAt, outcome, refusal, publishedAt, failure };
  }

  /** After a batch's marks are committed: what it came to, and the success that ends a streak. */
  private settle(result: BatchResult): void {
    const { outcome, refusal, publishedAt } = result;
    // Stryker disable next-line LogicalOperator: a batch carries all three of outcome, refusal and publishedAt, or none
    if (!outcome || !refusal || !publishedAt) return;
    this.report.published(outcome, publishedAt);
    if (outcome.acked.length > 0 && !result.failure) this.streak.recovered();
    this.report.refused(outcome, refusal);
    this.refusalRetryAt = earliest(this.refusalRetryAt, refusal.nextRetryAt);
    // A stream missing or in the wrong place may be fixable: ensure it before the retry.
    if (outcome.refused.some((r) => r.cause === "no-stream" || r.cause === "other-stream")) {
      // Stryker disable next-line OptionalChaining: a batch was published, so the target exists
      this.target?.recheckStream();
    }
  }

  private publishTimeout(): number {
    // Stryker disable next-line LogicalOperator: with && a set timeout becomes 5 s: only slower
    return this.options.publishTimeoutMs ?? 5_000;
  }
}

/** A claimed batch that failed (its marks not committed), and the claim it had started ahead. */
class BatchAborted extends Error {
  constructor(
    override readonly cause: unknown,
    readonly ahead: Promise<ClaimedResult> | undefined,
  ) {
    // Stryker disable next-line StringLiteral,ObjectLiteral: an internal wrapper never shown; cause is also a field
    super("batch aborted", { cause });
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
    // Stryker disable next-line StringLiteral: the error's name is never read (instanceof is)
    this.name = "RelayFailure";
  }
}

function earliest(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (!a) return b;
  if (!b) return a;
  return a <= b ? a : b;
}

function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const settled = promise.then(
    () => {},
    () => {},
  );
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  // Stryker disable next-line ArrowFunction: an uncleared timer only keeps the process up to a second longer after stop()
  return Promise.race([settled, timeout]).finally(() => clearTimeout(timer));
}
