import { Domain, DomainPage, ListDomainsInput, UpsertDomainInput } from "../schemas/index.js";
import { procedure, router } from "../trpc/procedures.js";

export const domainsRouter = router({
  upsert: procedure
    .input(UpsertDomainInput)
    .output(Domain)
    .mutation(({ ctx, input }) => ctx.services.domains.upsert(input)),
  list: procedure
    .input(ListDomainsInput.optional())
    .output(DomainPage)
    .query(({ ctx, input }) => ctx.services.domains.list(input)),
});
