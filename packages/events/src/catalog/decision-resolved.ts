import { z } from "zod";
import { defineEvent } from "./define.js";
import { domainSlug, entityId, text, timestamp } from "./fields.js";

export const decisionResolved = defineEvent({
  subject: "org.statehub.decision.resolved",
  version: 1,
  description: "An open decision was resolved.",
  firesWhen:
    "decisions.resolve moves a decision from open to resolved; resolving it again publishes nothing.",
  data: z.object({
    decisionId: entityId("decision"),
    title: text("decision title"),
    resolution: text("what was decided", 10_000),
    resolvedBy: z.string().max(200).nullable().describe("who resolved it, null when not given"),
    resolvedAt: timestamp("when it was resolved (RFC 3339)"),
    domain: domainSlug().nullable().describe("slug of the decision's domain, null when it has none"),
  }),
  entityId: (data) => data.decisionId,
});
