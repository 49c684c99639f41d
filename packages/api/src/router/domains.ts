import { z } from "zod";
import { procedure, router } from "../trpc/procedures.js";
import { DESCRIPTION_MAX, paging, slug, TITLE_MAX, text } from "./inputs.js";

export const domainsRouter = router({
  upsert: procedure
    .input(
      z.strictObject({ slug: slug(), name: text(TITLE_MAX), description: text(DESCRIPTION_MAX).optional() }),
    )
    .mutation(({ ctx, input }) => ctx.services.domains.upsert(input)),
  list: procedure
    .input(z.strictObject({ ...paging }).optional())
    .query(({ ctx, input }) => ctx.services.domains.list(input)),
});
