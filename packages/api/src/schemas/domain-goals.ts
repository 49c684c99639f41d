import { GoalStatus } from "@statehub/events";
import { z } from "zod";
import { id, pageOf, paging, slug, text, timestamp } from "./fields.js";
import { DESCRIPTION_MAX, TITLE_MAX } from "./limits.js";

export const CreateDomainGoalInput = z
  .strictObject({
    domain: slug(),
    title: text(TITLE_MAX),
    description: text(DESCRIPTION_MAX).optional(),
  })
  .meta({ examples: [{ domain: "payments", title: "PCI DSS compliance" }] });
export type CreateDomainGoalInput = z.infer<typeof CreateDomainGoalInput>;

export const ListDomainGoalsInput = z
  .strictObject({
    domain: slug().optional(),
    status: GoalStatus.optional(),
    ...paging,
  })
  .meta({ examples: [{ domain: "payments", status: "active" }] });
export type ListDomainGoalsInput = z.infer<typeof ListDomainGoalsInput>;

export const DomainGoal = z.strictObject({
  id: id(),
  domain: slug(),
  title: z.string(),
  description: z.string().nullable(),
  status: GoalStatus,
  createdAt: timestamp(),
  updatedAt: timestamp(),
});
export type DomainGoal = z.infer<typeof DomainGoal>;

export const DomainGoalPage = pageOf(DomainGoal);
