import { z } from "zod";

// Entity statuses appear inside published event data, so the contract owns them and the
// hub's domain model imports them from here: a status added or removed is a visible contract change.
export const WORKSTREAM_STATUSES = ["planned", "active", "blocked", "completed", "cancelled"] as const;
export const TASK_STATUSES = ["todo", "in_progress", "blocked", "done", "cancelled"] as const;
export const DECISION_STATUSES = ["open", "resolved"] as const;
export const GOAL_STATUSES = ["proposed", "active", "achieved", "abandoned"] as const;

/** Task statuses that end a task's life; every other status is "open" (the stale check's scope). */
export const FINAL_TASK_STATUSES = ["done", "cancelled"] as const satisfies readonly TaskStatus[];
export const OPEN_TASK_STATUSES = ["todo", "in_progress", "blocked"] as const satisfies readonly TaskStatus[];
/** Workstream statuses from which work may still happen; a sync cancels only these as orphans. */
export const OPEN_WORKSTREAM_STATUSES = [
  "planned",
  "active",
  "blocked",
] as const satisfies readonly WorkstreamStatus[];

export const WorkstreamStatus = z.enum(WORKSTREAM_STATUSES);
export const TaskStatus = z.enum(TASK_STATUSES);
export const DecisionStatus = z.enum(DECISION_STATUSES);
export const GoalStatus = z.enum(GOAL_STATUSES);
export const OpenTaskStatus = z.enum(OPEN_TASK_STATUSES);

export type WorkstreamStatus = z.infer<typeof WorkstreamStatus>;
export type TaskStatus = z.infer<typeof TaskStatus>;
export type DecisionStatus = z.infer<typeof DecisionStatus>;
export type GoalStatus = z.infer<typeof GoalStatus>;
export type OpenTaskStatus = z.infer<typeof OpenTaskStatus>;

export const isOpenTaskStatus = (status: TaskStatus): status is OpenTaskStatus =>
  (OPEN_TASK_STATUSES as readonly TaskStatus[]).includes(status);
export const isOpenWorkstreamStatus = (status: WorkstreamStatus): boolean =>
  (OPEN_WORKSTREAM_STATUSES as readonly WorkstreamStatus[]).includes(status);
