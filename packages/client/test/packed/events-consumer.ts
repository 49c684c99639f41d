// A project outside the monorepo using the packed contract, as activity-core does.
import {
  type AnyEnvelope,
  type Envelope,
  parseEnvelope,
  SUBJECT_WILDCARD,
  SUBJECTS,
  type Subject,
} from "@statehub/events";

const labels = {
  "org.statehub.repo.registered": (e) => `repo ${e.data.name}`,
  "org.statehub.workstream.completed": (e) => `workstream ${e.data.key}`,
  "org.statehub.decision.resolved": (e) => `decision ${e.data.title}`,
  "org.statehub.domain.goal.activated": (e) => `goal ${e.data.title}`,
  "org.statehub.task.stale": (e) => `task ${e.data.key}`,
} satisfies { [S in Subject]: (e: Envelope<S>) => string };

export function describe(bytes: Uint8Array): string {
  const parsed = parseEnvelope(bytes);
  if (!parsed.ok) return `invalid: ${parsed.error.kind}`;
  const envelope: AnyEnvelope = parsed.envelope;
  const label = labels[envelope.type] as (e: AnyEnvelope) => string;
  return `${envelope.subject}: ${label(envelope)}`;
}

export const filter: string = SUBJECT_WILDCARD;
export const known: readonly string[] = SUBJECTS;

// @ts-expect-error not a subject of the catalog
export const nope: Subject = "org.statehub.repo.deleted";
