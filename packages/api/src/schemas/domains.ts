import { z } from "zod";
import { id, pageOf, paging, slug, text, timestamp } from "./fields.js";
import { DESCRIPTION_MAX, TITLE_MAX } from "./limits.js";

export const UpsertDomainInput = z
  .strictObject({
    slug: slug(),
    name: text(TITLE_MAX),
    /** Omitted: an existing description is kept. */
    description: text(DESCRIPTION_MAX).optional(),
  })
  .meta({ examples: [{ slug: "payments", name: "Payments", description: "Money in, money out" }] });
export type UpsertDomainInput = z.infer<typeof UpsertDomainInput>;

export const ListDomainsInput = z.strictObject({ ...paging }).meta({ examples: [{ limit: 20 }] });
export type ListDomainsInput = z.infer<typeof ListDomainsInput>;

export const Domain = z.strictObject({
  id: id(),
  slug: slug(),
  name: z.string(),
  description: z.string().nullable(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
});
export type Domain = z.infer<typeof Domain>;

export const DomainPage = pageOf(Domain);
