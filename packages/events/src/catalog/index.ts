import type { z } from "zod";
import { decisionResolved } from "./decision-resolved.js";
import type { EventDefinition } from "./define.js";
import { domainGoalActivated } from "./domain-goal-activated.js";
import { repoRegistered } from "./repo-registered.js";
import { taskStale } from "./task-stale.js";
import { workstreamCompleted } from "./workstream-completed.js";

/** The v1 catalog: every subject the hub publishes, keyed by subject. */
export const catalog = {
  [repoRegistered.subject]: repoRegistered,
  [workstreamCompleted.subject]: workstreamCompleted,
  [decisionResolved.subject]: decisionResolved,
  [domainGoalActivated.subject]: domainGoalActivated,
  [taskStale.subject]: taskStale,
} as const;

export type Catalog = typeof catalog;
export type Subject = keyof Catalog;
export type EventData<S extends Subject> = z.output<Catalog[S]["data"]>;

export const SUBJECTS = Object.keys(catalog) as Subject[];

export function isSubject(value: unknown): value is Subject {
  return typeof value === "string" && Object.hasOwn(catalog, value);
}

export function definitionOf<S extends Subject>(subject: S): Catalog[S] & EventDefinition {
  return catalog[subject];
}

export { type EventDefinition, SUBJECT_PATTERN, type SubjectName } from "./define.js";
