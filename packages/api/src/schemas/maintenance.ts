import { OpenTaskStatus } from "@statehub/events";
import { z } from "zod";
import { id, timestamp } from "./fields.js";

export const FlagStaleTasksInput = z
  .strictObject({
    /** A task is stale when its last update is at least this many days old. */
    thresholdDays: z.number().int().min(1).max(3650).optional(),
    /** Report what would be flagged; write nothing. */
    dryRun: z.boolean().optional(),
  })
  .meta({ examples: [{ thresholdDays: 14, dryRun: true }] });
export type FlagStaleTasksInput = z.infer<typeof FlagStaleTasksInput>;

export const StaleTask = z.strictObject({
  taskId: id(),
  key: z.string(),
  title: z.string(),
  status: OpenTaskStatus,
  workstreamId: id(),
  lastUpdatedAt: timestamp(),
  /** The task.stale event recorded for it; absent in a dry run. */
  eventId: id().optional(),
});
export type StaleTask = z.infer<typeof StaleTask>;

export const FlagStaleTasksResult = z.strictObject({
  thresholdDays: z.number().int(),
  dryRun: z.boolean(),
  /** Tasks last updated at or before this instant count as stale. */
  cutoff: timestamp(),
  flagged: z.array(StaleTask),
});
export type FlagStaleTasksResult = z.infer<typeof FlagStaleTasksResult>;
