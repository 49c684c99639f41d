import { GoalStatus } from "@statehub/events";
import { z } from "zod";
import { procedure, router } from "../trpc/procedures.js";
import { DESCRIPTION_MAX, id, paging, slug, TITLE_MAX, text } from "./inputs.js";

const byId = z.strictObject({ id: id() });

export const domainGoalsRouter = router({
  create: procedure
    .input(
      z.strictObject({
        domain: slug(),
        title: text(TITLE_MAX),
        description: text(DESCRIPTION_MAX).optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.domainGoals.create(input, ctx.origin)),
  activate: procedure
    .input(byId)
    .mutation(({ ctx, input }) => ctx.services.domainGoals.activate(input.id, ctx.origin)),
  achieve: procedure
    .input(byId)
    .mutation(({ ctx, input }) => ctx.services.domainGoals.achieve(input.id, ctx.origin)),
  abandon: procedure
    .input(byId)
    .mutation(({ ctx, input }) => ctx.services.domainGoals.abandon(input.id, ctx.origin)),
  get: procedure.input(byId).query(({ ctx, input }) => ctx.services.domainGoals.get(input.id)),
  list: procedure
    .input(z.strictObject({ domain: slug().optional(), status: GoalStatus.optional(), ...paging }).optional())
    .query(({ ctx, input }) => ctx.services.domainGoals.list(input)),
});
