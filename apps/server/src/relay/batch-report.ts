import type { RefusalOutcome } from "@statehub/api/outbox";
import type { Logger } from "pino";
import type { PublishOutcome } from "./publisher.js";
import type { RelayCounters } from "./relay-status.js";

/**
 * Tells the world what a published batch came to, once its marks are committed: the counters
 * (metrics, status) and the logs. A parked event is logged once, when it parks, never per
 * attempt; events parked together for one reason share a line.
 */
export class BatchReport {
  private readonly counters: RelayCounters[] = [];
  private publishedCount = 0;
  private lastAt: Date | undefined;

  constructor(private readonly logger: Pick<Logger, "warn" | "debug">) {}

  get publishedTotal(): number {
    return this.publishedCount;
  }

  get lastPublishedAt(): Date | undefined {
    return this.lastAt;
  }

  addCounters(counters: RelayCounters): void {
    this.counters.push(counters);
  }

  published(outcome: PublishOutcome, at: Date): void {
    if (outcome.acked.length === 0) return;
    this.publishedCount += outcome.acked.length;
    this.lastAt = at;
    for (const c of this.counters) c.onPublished(outcome.acked.length, outcome.duplicates);
  }

  failed(events: number): void {
    for (const c of this.counters) c.onFailed(events);
  }

  refused(outcome: PublishOutcome, refusal: RefusalOutcome): void {
    if (outcome.refused.length === 0) return;
    for (const c of this.counters) c.onRefused(outcome.refused.length, refusal.parked.length);
    const retried = outcome.refused.length - refusal.parked.length;
    if (retried > 0) {
      this.logger.debug(
        { events: retried, reason: outcome.refused[0]?.reason },
        "relay: NATS refused events; retrying them out of line before parking",
      );
    }
    for (const [reason, parked] of groupBy(refusal.parked, (p) => p.reason)) {
      this.logger.warn(
        {
          reason,
          count: parked.length,
          events: parked.slice(0, 20).map((p) => ({ id: p.id, subject: p.subject, attempts: p.attempts })),
        },
        "outbox: events parked, NATS refuses them for good (the others flow on); fix the cause, then `statehub outbox retry`",
      );
    }
  }
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
