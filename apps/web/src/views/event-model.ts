import type { AnyEnvelope, Envelope, Subject } from "@statehub/events";
import type { EventEntry } from "../api/types.js";
import { href } from "../routing/routes.js";

export type Delivery =
  | { state: "pending" }
  | { state: "published"; publishedAt: string; streamSequence: number | null };

/** Where an event stands on its way to JetStream. */
export function deliveryOf(entry: EventEntry): Delivery {
  if (entry.publishedAt === null) return { state: "pending" };
  return { state: "published", publishedAt: entry.publishedAt, streamSequence: entry.streamSequence };
}

export interface EntityLink {
  /** What the event is about, e.g. "workstream CHK-1". */
  label: string;
  href: string;
}

// One entry per subject (exhaustive: a new subject is a type error until it says where its
// entity is shown). Entities without a page of their own link to the page that lists them.
const entityLinks: { [S in Subject]: (envelope: Envelope<S>) => EntityLink } = {
  "org.statehub.repo.registered": ({ data }) => ({
    label: `repo ${data.name}`,
    href: href.domain(data.domain),
  }),
  "org.statehub.workstream.completed": ({ data }) => ({
    label: `workstream ${data.key}`,
    href: href.workstream(data.workstreamId),
  }),
  "org.statehub.decision.resolved": ({ data }) => ({
    label: `decision ${data.title}`,
    href: href.decision(data.decisionId),
  }),
  "org.statehub.domain.goal.activated": ({ data }) => ({
    label: `goal ${data.title}`,
    href: href.domain(data.domain),
  }),
  "org.statehub.task.stale": ({ data }) => ({
    label: `task ${data.key}`,
    href: href.workstream(data.workstreamId),
  }),
};

export function entityLinkOf(envelope: AnyEnvelope): EntityLink {
  const link = entityLinks[envelope.type] as ((envelope: AnyEnvelope) => EntityLink) | undefined;
  // A subject this build does not know (a newer hub): the entity's other events, by its id.
  return link?.(envelope) ?? { label: envelope.subject, href: href.events({ entity: envelope.subject }) };
}
