import type { DecisionStatus, GoalStatus, Subject, TaskStatus, WorkstreamStatus } from "@statehub/events";

// Labels and display order of the contract's statuses and subjects. Only the contract's *types*
// are imported (its runtime module carries zod and the whole catalog, which a browser does not
// need); `satisfies Record<…>` makes each map exhaustive, so a status or subject added to the
// contract is a type error here until it has a label.

export const WORKSTREAM_STATUS_LABELS = {
  blocked: "Blocked",
  active: "Active",
  planned: "Planned",
  completed: "Completed",
  cancelled: "Cancelled",
} as const satisfies Record<WorkstreamStatus, string>;

export const TASK_STATUS_LABELS = {
  blocked: "Blocked",
  in_progress: "In progress",
  todo: "To do",
  done: "Done",
  cancelled: "Cancelled",
} as const satisfies Record<TaskStatus, string>;

export const DECISION_STATUS_LABELS = {
  open: "Open",
  resolved: "Resolved",
} as const satisfies Record<DecisionStatus, string>;

export const GOAL_STATUS_LABELS = {
  active: "Active",
  proposed: "Proposed",
  achieved: "Achieved",
  abandoned: "Abandoned",
} as const satisfies Record<GoalStatus, string>;

export const SUBJECT_LABELS = {
  "org.statehub.repo.registered": "Repo registered",
  "org.statehub.workstream.completed": "Workstream completed",
  "org.statehub.decision.resolved": "Decision resolved",
  "org.statehub.domain.goal.activated": "Domain goal activated",
  "org.statehub.task.stale": "Task stale",
} as const satisfies Record<Subject, string>;

/** The keys of a label map, in its (display) order. */
function keysOf<K extends string>(labels: Record<K, string>): K[] {
  return Object.keys(labels) as K[];
}

export const WORKSTREAM_STATUSES = keysOf(WORKSTREAM_STATUS_LABELS);
export const TASK_STATUSES = keysOf(TASK_STATUS_LABELS);
export const DECISION_STATUSES = keysOf(DECISION_STATUS_LABELS);
export const SUBJECTS = keysOf(SUBJECT_LABELS);
