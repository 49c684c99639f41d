import { DecisionStatus } from "@statehub/events";
import { z } from "zod";
import { id, pageOf, paging, slug, text, timestamp } from "./fields.js";
import { DESCRIPTION_MAX, TITLE_MAX } from "./limits.js";

export const CreateDecisionInput = z
  .strictObject({
    title: text(TITLE_MAX),
    context: text(DESCRIPTION_MAX).optional(),
    domain: slug().optional(),
  })
  .meta({ examples: [{ title: "Use Postgres for the ledger", domain: "payments" }] });
export type CreateDecisionInput = z.infer<typeof CreateDecisionInput>;

export const ResolveDecisionInput = z
  .strictObject({
    id: id(),
    resolution: text(DESCRIPTION_MAX),
    /** Omitted: the caller's token name, when the call is authenticated. */
    resolvedBy: text(200).optional(),
  })
  .meta({
    examples: [
      {
        id: "0196f3a2-7e2f-7b4c-a031-5c6d7e8f9a01",
        resolution: "Postgres 16, one database per service.",
        resolvedBy: "alice",
      },
    ],
  });
export type ResolveDecisionInput = z.infer<typeof ResolveDecisionInput>;

export const ListDecisionsInput = z
  .strictObject({
    status: DecisionStatus.optional(),
    domain: slug().optional(),
    ...paging,
  })
  .meta({ examples: [{ status: "open" }] });
export type ListDecisionsInput = z.infer<typeof ListDecisionsInput>;

export const Decision = z.strictObject({
  id: id(),
  title: z.string(),
  context: z.string().nullable(),
  domain: slug().nullable(),
  status: DecisionStatus,
  resolution: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: timestamp().nullable(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
});
export type Decision = z.infer<typeof Decision>;

export const DecisionPage = pageOf(Decision);
