import { TaskStatus } from "@statehub/events";
import { z } from "zod";
import { entityKey, id, pageOf, paging, text, timestamp } from "./fields.js";
import { TITLE_MAX } from "./limits.js";

export const CreateTaskInput = z
  .strictObject({
    workstreamId: id(),
    /** Unique within the workstream. Omitted: the hub derives one (`t-` + the id's random tail). */
    key: entityKey().optional(),
    title: text(TITLE_MAX),
    status: TaskStatus.optional(),
  })
  .meta({
    examples: [
      { workstreamId: "0196f3a2-5b7c-7d21-8e4f-3a2b1c0d9e8f", key: "CHK-1-1", title: "Payment form" },
    ],
  });
export type CreateTaskInput = z.infer<typeof CreateTaskInput>;

export const UpdateTaskInput = z
  .strictObject({
    id: id(),
    title: text(TITLE_MAX).optional(),
    status: TaskStatus.optional(),
  })
  .meta({ examples: [{ id: "0196f3a2-6c1d-7a3b-9f20-4b5c6d7e8f90", status: "done" }] });
export type UpdateTaskInput = z.infer<typeof UpdateTaskInput>;

export const ListTasksInput = z
  .strictObject({
    workstreamId: id().optional(),
    status: TaskStatus.optional(),
    /** Only tasks currently flagged by the stale check (flag cleared by any update). */
    staleOnly: z.boolean().optional(),
    ...paging,
  })
  .meta({ examples: [{ workstreamId: "0196f3a2-5b7c-7d21-8e4f-3a2b1c0d9e8f", staleOnly: false }] });
export type ListTasksInput = z.infer<typeof ListTasksInput>;

export const Task = z.strictObject({
  id: id(),
  workstreamId: id(),
  key: z.string(),
  title: z.string(),
  status: TaskStatus,
  /** When the stale check last flagged this task (this staleness episode); null when not stale. */
  staleFlaggedAt: timestamp().nullable(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
});
export type Task = z.infer<typeof Task>;

export const TaskPage = pageOf(Task);
