import type { AnyEnvelope, Envelope, Subject } from "@statehub/events";

/** A short human label of an event, for logs. (The entity it is about is `envelope.subject`.) */
export interface EventSummary {
  label: string;
}

/**
 * One handler per subject of the catalog. The `satisfies` clause makes the map exhaustive:
 * a subject added to or removed from the contract, or a data field renamed, fails this
 * package's typecheck instead of silently dropping events.
 */
export const handlers = {
  "org.statehub.repo.registered": (e) => ({ label: `repo ${e.data.name}` }),
  "org.statehub.workstream.completed": (e) => ({
    label: `workstream ${e.data.key} (${e.data.previousStatus} → completed)`,
  }),
  "org.statehub.decision.resolved": (e) => ({
    label: `decision ${e.data.title}`,
  }),
  "org.statehub.domain.goal.activated": (e) => ({
    label: `goal ${e.data.title} of ${e.data.domain}`,
  }),
  "org.statehub.task.stale": (e) => ({
    label: `task ${e.data.key} stale for ≥ ${e.data.thresholdDays} days`,
  }),
} satisfies { [S in Subject]: (e: Envelope<S>) => EventSummary };

export function summarize(envelope: AnyEnvelope): EventSummary {
  // The map is keyed by the envelope's own type, so the handler fits it; TS cannot correlate the two.
  const handler = handlers[envelope.type] as (e: AnyEnvelope) => EventSummary;
  return handler(envelope);
}
