import { DECISION_STATUSES, GOAL_STATUSES, TASK_STATUSES, WORKSTREAM_STATUSES } from "@statehub/events";
import { pgEnum } from "drizzle-orm/pg-core";

// The status vocabularies are owned by the event contract (they appear in published data);
// the database enforces the same sets.
export const workstreamStatus = pgEnum("workstream_status", WORKSTREAM_STATUSES);
export const taskStatus = pgEnum("task_status", TASK_STATUSES);
export const decisionStatus = pgEnum("decision_status", DECISION_STATUSES);
export const goalStatus = pgEnum("goal_status", GOAL_STATUSES);

export const PROGRESS_ENTITY_TYPES = [
  "domain",
  "domain_goal",
  "repo",
  "workstream",
  "task",
  "decision",
] as const;
export type ProgressEntityType = (typeof PROGRESS_ENTITY_TYPES)[number];
export const progressEntityType = pgEnum("progress_entity_type", PROGRESS_ENTITY_TYPES);
