import { z } from "zod";
import { defineEvent } from "./define.js";
import { domainSlug, entityId, text } from "./fields.js";

export const repoRegistered = defineEvent({
  subject: "org.statehub.repo.registered",
  version: 1,
  description: "A repository became known to the hub.",
  firesWhen: "repos.register creates the repo; registering an existing repo again publishes nothing.",
  data: z.object({
    repoId: entityId("repo"),
    name: text("unique repo name, e.g. org/service", 200),
    domain: domainSlug(),
    url: z.string().max(2000).nullable().describe("clone or browse URL, null when not given"),
    defaultBranch: text("default branch", 200),
  }),
  entityId: (data) => data.repoId,
});
