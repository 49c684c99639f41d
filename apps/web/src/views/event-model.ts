import type { AnyEnvelope, Envelope, Subject } from "@statehub/events";
import type { EventEntry } from "../api/types.js";
import { href } from "../routing/routes.js";

interface DeliveryView {
  state: EventEntry["delivery"]["state"];
  /** What the cell says: "Published #12", "Pending", "Parked". */
  label: string;
  /** The why, when there is one: the parking reason, the last failure and how many attempts. */
  detail: string | null;
}

/** Where an event stands on its way to JetStream, as the events table says it. */
export function describeDelivery(entry: EventEntry): DeliveryView {
  const { delivery } = entry;
  const attempts = `${delivery.attempts} attempt${delivery.attempts === 1 ? "" : "s"}`;
  switch (delivery.state) {
    case "published":
      return {
        state: "published",
        label: entry.streamSequence === null ? "Published" : `Published #${entry.streamSequence}`,
        detail: null,
      };
    case "parked":
      return {
        state: "parked",
        label: "Parked",
        detail: `${delivery.parkedReason ?? delivery.lastError ?? "refused by NATS"} (after ${attempts}; an operator can retry or discard it)`,
      };
    case "pending":
      return {
        state: "pending",
        label: "Pending",
        detail:
          delivery.attempts === 0
            ? null
            : `${attempts} so far; last error: ${delivery.lastError ?? "unknown"}`,
      };
  }
}

interface EntityLink {
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
