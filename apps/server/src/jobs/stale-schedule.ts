import { type CallOrigin, flagStaleTasks, type ServiceDeps } from "@statehub/api";
import { Cron } from "croner";
import type { Logger } from "pino";
import { errorWithName } from "../error-message.js";

interface StaleScheduleOptions {
  /** STATEHUB_STALE_CRON, e.g. "0 6 * * *" (croner syntax, server local time unless timezone). */
  cron: string;
  thresholdDays: number;
  deps: ServiceDeps;
  origin: CallOrigin;
  logger: Pick<Logger, "info" | "warn" | "error">;
  timezone?: string;
}

interface StaleSchedule {
  name: string;
  /** When the next run is due. */
  nextRun(): Date | null;
  stop(): Promise<void>;
}

/**
 * Runs the stale-task check in-process on a cron schedule. Optional: the check is also the
 * mutation maintenance.flagStaleTasks, which an activity-core cron definition may call instead.
 * With several replicas each runs it; the check is concurrency-safe (one event per task).
 */
export function startStaleSchedule(options: StaleScheduleOptions): StaleSchedule {
  let running: Promise<unknown> | undefined;
  const job = new Cron(
    options.cron,
    { protect: true, ...(options.timezone ? { timezone: options.timezone } : {}) },
    async () => {
      running = flagStaleTasks(options.deps, options.origin, { thresholdDays: options.thresholdDays })
        .then((result) =>
          options.logger.info(
            { flagged: result.flagged.length, thresholdDays: result.thresholdDays },
            "stale-task check ran",
          ),
        )
        .catch((error: unknown) =>
          options.logger.warn(
            { err: errorWithName(error) },
            "stale-task check failed; next run as scheduled",
          ),
        );
      await running;
    },
  );
  options.logger.info({ cron: options.cron, next: job.nextRun()?.toISOString() }, "stale-task schedule on");
  return {
    name: "stale-task schedule",
    nextRun: () => job.nextRun(),
    async stop() {
      job.stop();
      await running;
    },
  };
}
