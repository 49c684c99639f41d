import { DecisionStatus } from "@statehub/events";
import { z } from "zod";
import { procedure, router } from "../trpc/procedures.js";
import { DESCRIPTION_MAX, id, paging, slug, TITLE_MAX, text } from "./inputs.js";

export const decisionsRouter = router({
  create: procedure
    .input(
      z.strictObject({
        title: text(TITLE_MAX),
        context: text(DESCRIPTION_MAX).optional(),
        domain: slug().optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.decisions.create(input, ctx.origin)),
  resolve: procedure
    .input(z.strictObject({ id: id(), resolution: text(DESCRIPTION_MAX), resolvedBy: text(200).optional() }))
    .mutation(({ ctx, input }) => ctx.services.decisions.resolve(input, ctx.origin)),
  get: procedure
    .input(z.strictObject({ id: id() }))
    .query(({ ctx, input }) => ctx.services.decisions.get(input.id)),
  list: procedure
    .input(
      z.strictObject({ status: DecisionStatus.optional(), domain: slug().optional(), ...paging }).optional(),
    )
    .query(({ ctx, input }) => ctx.services.decisions.list(input)),
});
