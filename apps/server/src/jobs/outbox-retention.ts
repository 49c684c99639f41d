import type { Clock } from "@statehub/api";
import { pruneOutbox } from "@statehub/api/outbox";
import type { Db } from "@statehub/db";
import type { Logger } from "pino";
import { errorWithName } from "../error-message.js";

interface OutboxRetentionOptions {
  db: Db;
  /** STATEHUB_OUTBOX_RETENTION_DAYS; 0 keeps every published row (nothing is scheduled). */
  retentionDays: number;
  clock: Clock;
  logger: Pick<Logger, "info" | "warn">;
  /** How often to prune; default hourly. */
  intervalMs?: number;
}

interface OutboxRetention {
  name: string;
  /** Prunes once now (also what the schedule runs); resolves with the rows deleted. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Prunes published outbox rows older than the retention period: once at start, then every
 * interval, in every server process (concurrent prunes delete disjoint or already-deleted rows,
 * which is harmless). Unpublished and parked rows are never pruned (see pruneOutbox).
 */
export function startOutboxRetention(options: OutboxRetentionOptions): OutboxRetention {
  const days = options.retentionDays;
  let running: Promise<number> | undefined;
  const runOnce = () => {
    running ??= pruneOutbox(options.db, { retentionDays: days, now: options.clock.now() })
      .then((deleted) => {
        if (deleted > 0)
          options.logger.info({ deleted, retentionDays: days }, "outbox: pruned published events");
        return deleted;
      })
      .catch((error: unknown) => {
        options.logger.warn({ err: errorWithName(error) }, "outbox: pruning failed; will retry");
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  if (days <= 0) {
    options.logger.info("outbox retention off: published events are kept");
    return { name: "outbox retention", runOnce: async () => 0, stop: async () => {} };
  }
  const timer = setInterval(() => void runOnce(), options.intervalMs ?? 3_600_000);
  timer.unref();
  void runOnce();
  return {
    name: "outbox retention",
    runOnce,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
