import { z } from "zod";
import { WorkstreamStatus } from "../statuses.js";
import { defineEvent } from "./define.js";
import { domainSlug, entityId, text } from "./fields.js";

export const workstreamCompleted = defineEvent({
  subject: "org.statehub.workstream.completed",
  version: 1,
  description: "A workstream (workplan) reached status completed.",
  firesWhen:
    "a workstream's status transitions into completed from any other status, or it is created as completed (previousStatus planned); re-completing a reopened one publishes again.",
  data: z.object({
    workstreamId: entityId("workstream"),
    key: text("unique workstream key", 100),
    title: text("workstream title"),
    domain: domainSlug(),
    repo: z.string().max(200).nullable().describe("name of the workstream's repo, null when it has none"),
    previousStatus: WorkstreamStatus.exclude(["completed"]).describe(
      "status before the transition; planned for a workstream created as completed",
    ),
  }),
  entityId: (data) => data.workstreamId,
});
