import { FlagStaleTasksInput, FlagStaleTasksResult } from "../schemas/index.js";
import { procedure, router } from "../trpc/procedures.js";

export const maintenanceRouter = router({
  /**
   * Records org.statehub.task.stale for open tasks untouched for `thresholdDays` (default STATEHUB_STALE_DAYS, 14),
   * once per staleness episode; returns what it flagged. A mutation, so it needs write scope:
   * an activity-core cron definition calls it.
   */
  flagStaleTasks: procedure
    .meta({
      summary: "Flag open tasks untouched for thresholdDays (default 14)",
      description:
        "Records org.statehub.task.stale once per staleness episode and changes no task status; dryRun reports without writing. activity-core's cron definition calls it.",
    })
    .input(FlagStaleTasksInput.optional())
    .output(FlagStaleTasksResult)
    .mutation(({ ctx, input }) => ctx.services.staleTasks.flag(ctx.origin, input ?? {})),
});
