import { GoalStatus } from "@statehub/events";
import { z } from "zod";
import { DESCRIPTION_MAX, id, pageOf, paging, slug, TITLE_MAX, text, timestamp } from "./fields.js";

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
