import type { z } from "zod";
import type * as schema from "../../schemas/workplans.js";

// The shapes of workplans.check and workplans.sync are the schemas' (schemas/workplans.ts).
export type SyncWorkplanTask = z.infer<typeof schema.SyncWorkplanTask>;
export type SyncWorkplanFile = z.infer<typeof schema.SyncWorkplanFile>;
export type SyncScope = z.infer<typeof schema.SyncScope>;
export type SyncWorkplansInput = z.infer<typeof schema.SyncWorkplansInput>;
export type TaskCounts = z.infer<typeof schema.WorkplanTaskCounts>;
export type FileReport = z.infer<typeof schema.FileReport>;
export type FileOutcome = FileReport["outcome"];
export type OrphanReport = z.infer<typeof schema.OrphanReport>;
export type SyncReport = z.infer<typeof schema.SyncReport>;
export type CheckWorkplanFilesInput = z.infer<typeof schema.CheckWorkplanFilesInput>;
export type KnownWorkplanFile = z.infer<typeof schema.KnownWorkplanFile>;

export const noTasks = (): TaskCounts => ({ created: 0, updated: 0, unchanged: 0, dropped: 0, cancelled: 0 });
