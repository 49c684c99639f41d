import { z } from "zod";
import { OpenTaskStatus } from "../statuses.js";
import { defineEvent } from "./define.js";
import { entityId, text, timestamp } from "./fields.js";

export const taskStale = defineEvent({
  subject: "org.statehub.task.stale",
  version: 1,
  description: "An open task has not been touched for at least the threshold.",
  firesWhen:
    "the stale-task check finds a task not done or cancelled whose last update is at least thresholdDays old; once per staleness episode (an update to the task starts a new one).",
  data: z.object({
    taskId: entityId("task"),
    key: text("task key, unique within its workstream", 100),
    title: text("task title"),
    status: OpenTaskStatus.describe("the task's current (open) status"),
    workstreamId: entityId("task's workstream"),
    lastUpdatedAt: timestamp("when the task was last updated (RFC 3339)"),
    thresholdDays: z.int().min(1).max(3650).describe("the staleness threshold applied, in days"),
  }),
  entityId: (data) => data.taskId,
});
