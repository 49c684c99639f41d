import type { AnyEnvelope, Envelope, Subject } from "@statehub/events";

/** What the fixture records about the event a task came from, beyond the envelope id. */
export interface EventSummary {
  /** The id of the hub entity the event is about. */
  entityId: string;
  /** A short human label for logs. */
  label: string;
}

/**
 * One handler per subject of the catalog. The `satisfies` clause makes the map exhaustive:
 * a subject added to or removed from the contract, or a data field renamed, fails this
 * package's typecheck instead of silently dropping events.
 */
export const handlers = {
  "org.statehub.repo.registered": (e) => ({ entityId: e.data.repoId, label: `repo ${e.data.name}` }),
  "org.statehub.workstream.completed": (e) => ({
    entityId: e.data.workstreamId,
    label: `workstream ${e.data.key} (${e.data.previousStatus} → completed)`,
  }),
  "org.statehub.decision.resolved": (e) => ({
    entityId: e.data.decisionId,
    label: `decision ${e.data.title}`,
  }),
  "org.statehub.domain.goal.activated": (e) => ({
    entityId: e.data.goalId,
    label: `goal ${e.data.title} of ${e.data.domain}`,
  }),
  "org.statehub.task.stale": (e) => ({
    entityId: e.data.taskId,
    label: `task ${e.data.key} stale for ≥ ${e.data.thresholdDays} days`,
  }),
} satisfies { [S in Subject]: (e: Envelope<S>) => EventSummary };

export function summarize(envelope: AnyEnvelope): EventSummary {
  // The map is keyed by the envelope's own type, so the handler fits it; TS cannot correlate the two.
  const handler = handlers[envelope.type] as (e: AnyEnvelope) => EventSummary;
  return handler(envelope);
}
