import type { Subject } from "@statehub/events";

/**
 * Which hub operations record each subject of the catalog (several separated by `|`), the
 * `producer` label of `statehub_events_recorded_total`. Exhaustive on purpose: a subject
 * added to the contract does not compile here until the hub says what publishes it, and one
 * removed or renamed breaks this map as well as its producer.
 */
export const EVENT_PRODUCERS = {
  "org.statehub.repo.registered": "repos.register",
  "org.statehub.workstream.completed": "workstreams.update|workstreams.create",
  "org.statehub.decision.resolved": "decisions.resolve",
  "org.statehub.domain.goal.activated": "domainGoals.activate",
  "org.statehub.task.stale": "maintenance.flagStaleTasks",
} as const satisfies { [S in Subject]: string };
