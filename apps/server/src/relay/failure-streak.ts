import type { Logger } from "pino";
import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF } from "./backoff.js";

export interface FailureStreakOptions {
  backoff?: BackoffPolicy | undefined;
  /** Source of the backoff's jitter (tests pin it). */
  random?: (() => number) | undefined;
  /** Summarise a streak at most this often. */
  summaryEveryMs?: number | undefined;
}

/**
 * Consecutive relay failures: how long to back off after the next one, and the logging of a
 * streak without flooding (a line when it starts, a summary now and then, a line when it ends).
 * A success ends the streak, so the next failure backs off from the base delay again.
 */
export class FailureStreak {
  private count = 0;
  private startedAt: number | undefined;
  private loggedAt = 0;
  private last: string | undefined;
  private total = 0;

  constructor(
    private readonly logger: Pick<Logger, "info" | "warn">,
    private readonly options: FailureStreakOptions = {},
  ) {}

  get failures(): number {
    return this.count;
  }

  get failuresTotal(): number {
    return this.total;
  }

  get lastError(): string | undefined {
    return this.last;
  }

  /** The backoff before retrying if one more failure happens now (full jitter, grows per failure). */
  nextDelay(): number {
    return backoffDelay(this.count + 1, this.options.backoff ?? DEFAULT_BACKOFF, this.options.random);
  }

  /** Counts a failure that is retried after `retryInMs`; logs the first of a streak, then summaries. */
  failed(error: string, retryInMs: number, context: Record<string, unknown> = {}): void {
    this.count += 1;
    this.total += 1;
    this.last = error;
    const now = Date.now();
    if (this.count === 1) {
      this.startedAt = now;
      this.loggedAt = now;
      this.logger.warn(
        { err: error, retryInMs },
        "relay: publishing failed; retrying with backoff (repeats are summarised)",
      );
    } else if (now - this.loggedAt >= (this.options.summaryEveryMs ?? 60_000)) {
      this.loggedAt = now;
      this.logger.warn(
        { err: error, failures: this.count, sinceMs: now - (this.startedAt ?? now), ...context },
        "relay: still failing",
      );
    }
  }

  /** Ends a streak (after a success): logs how long it lasted; the backoff starts over. */
  recovered(): void {
    if (this.count === 0) return;
    this.logger.info(
      { failures: this.count, afterMs: Date.now() - (this.startedAt ?? Date.now()) },
      "relay: recovered",
    );
    this.count = 0;
    this.startedAt = undefined;
    this.last = undefined;
  }
}
