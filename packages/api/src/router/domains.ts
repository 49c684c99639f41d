import { Domain, DomainPage, ListDomainsInput, UpsertDomainInput } from "../schemas/index.js";
import { procedure, router } from "../trpc/procedures.js";

export const domainsRouter = router({
  upsert: procedure
    .meta({ summary: "Create a domain, or update its name and description when the slug exists" })
    .input(UpsertDomainInput)
    .output(Domain)
    .mutation(({ ctx, input }) => ctx.services.domains.upsert(input)),
  list: procedure
    .meta({ summary: "List domains, oldest first" })
    .input(ListDomainsInput.optional())
    .output(DomainPage)
    .query(({ ctx, input }) => ctx.services.domains.list(input)),
});
