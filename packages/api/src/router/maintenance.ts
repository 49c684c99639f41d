import { z } from "zod";
import { procedure, router } from "../trpc/procedures.js";

export const maintenanceRouter = router({
  /**
   * Records org.statehub.task.stale for open tasks untouched for `thresholdDays` (default STATEHUB_STALE_DAYS, 14),
   * once per staleness episode; returns what it flagged. A mutation, so it needs write scope:
   * an activity-core cron definition calls it.
   */
  flagStaleTasks: procedure
    .input(
      z
        .strictObject({
          thresholdDays: z.number().int().min(1).max(3650).optional(),
          dryRun: z.boolean().optional(),
        })
        .optional(),
    )
    .mutation(({ ctx, input }) => ctx.services.staleTasks.flag(ctx.origin, input ?? {})),
});
