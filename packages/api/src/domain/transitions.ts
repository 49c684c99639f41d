import type { DecisionStatus, GoalStatus, TaskStatus, WorkstreamStatus } from "@statehub/events";
import { ConflictError } from "./errors.js";

// The allowed status transitions of every entity, written down once. Services call
// `assertTransition` before changing a status; the README shows these tables.
// Same-state "transitions" are not listed: they are idempotent no-ops, decided by the caller.

const WORKSTREAM_TRANSITIONS: Record<WorkstreamStatus, readonly WorkstreamStatus[]> = {
  planned: ["active", "blocked", "completed", "cancelled"],
  active: ["planned", "blocked", "completed", "cancelled"],
  blocked: ["planned", "active", "completed", "cancelled"],
  // Reopening a completed workstream is allowed; completing it again publishes again.
  completed: ["active"],
  cancelled: ["planned", "active"],
};

const TASK_TRANSITIONS: Record<TaskStatus, readonly TaskStatus[]> = {
  todo: ["in_progress", "blocked", "done", "cancelled"],
  in_progress: ["todo", "blocked", "done", "cancelled"],
  blocked: ["todo", "in_progress", "done", "cancelled"],
  done: ["todo", "in_progress"],
  cancelled: ["todo"],
};

const DECISION_TRANSITIONS: Record<DecisionStatus, readonly DecisionStatus[]> = {
  open: ["resolved"],
  // A resolution is final: a changed mind is a new decision.
  resolved: [],
};

const GOAL_TRANSITIONS: Record<GoalStatus, readonly GoalStatus[]> = {
  proposed: ["active", "abandoned"],
  active: ["achieved", "abandoned"],
  achieved: [],
  abandoned: [],
};

export const TRANSITIONS = {
  workstream: WORKSTREAM_TRANSITIONS,
  task: TASK_TRANSITIONS,
  decision: DECISION_TRANSITIONS,
  domainGoal: GOAL_TRANSITIONS,
} as const;

export type TransitionEntity = keyof typeof TRANSITIONS;
export type StatusOf<E extends TransitionEntity> = keyof (typeof TRANSITIONS)[E] & string;

export function canTransition<E extends TransitionEntity>(
  entity: E,
  from: StatusOf<E>,
  to: StatusOf<E>,
): boolean {
  const table = TRANSITIONS[entity] as Record<string, readonly string[]>;
  return table[from]?.includes(to) ?? false;
}

/**
 * Throws a ConflictError naming the current state when `from → to` is not allowed.
 * Call it only for a real change (from !== to); a same-state action is idempotent.
 */
export function assertTransition<E extends TransitionEntity>(
  entity: E,
  from: StatusOf<E>,
  to: StatusOf<E>,
): void {
  if (canTransition(entity, from, to)) return;
  const table = TRANSITIONS[entity] as Record<string, readonly string[]>;
  const allowed = table[from] ?? [];
  const options = allowed.length === 0 ? "it is final" : `allowed: ${allowed.join(", ")}`;
  throw new ConflictError(`${entity} is ${from}; cannot move to ${to} (${options})`, from);
}
