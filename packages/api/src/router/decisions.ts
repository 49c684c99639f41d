import {
  ById,
  CreateDecisionInput,
  Decision,
  DecisionPage,
  ListDecisionsInput,
  ResolveDecisionInput,
} from "../schemas/index.js";
import { procedure, router } from "../trpc/procedures.js";

export const decisionsRouter = router({
  create: procedure
    .input(CreateDecisionInput)
    .output(Decision)
    .mutation(({ ctx, input }) => ctx.services.decisions.create(input, ctx.origin)),
  resolve: procedure
    .input(ResolveDecisionInput)
    .output(Decision)
    .mutation(({ ctx, input }) => ctx.services.decisions.resolve(input, ctx.origin)),
  get: procedure
    .input(ById)
    .output(Decision)
    .query(({ ctx, input }) => ctx.services.decisions.get(input.id)),
  list: procedure
    .input(ListDecisionsInput.optional())
    .output(DecisionPage)
    .query(({ ctx, input }) => ctx.services.decisions.list(input)),
});
