import { z } from "zod";
import { GoalStatus } from "../statuses.js";
import { defineEvent } from "./define.js";
import { domainSlug, entityId, text } from "./fields.js";

export const domainGoalActivated = defineEvent({
  subject: "org.statehub.domain.goal.activated",
  version: 1,
  description: "A domain goal became active.",
  firesWhen: "domainGoals.activate moves a goal into active; activating an active goal publishes nothing.",
  data: z.object({
    goalId: entityId("domain goal"),
    domain: domainSlug(),
    title: text("goal title"),
    previousStatus: GoalStatus.exclude(["active"]).describe("status before the transition"),
  }),
  entityId: (data) => data.goalId,
});
