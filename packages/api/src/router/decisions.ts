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
    .meta({ summary: "Open a decision" })
    .input(CreateDecisionInput)
    .output(Decision)
    .mutation(({ ctx, input }) => ctx.services.decisions.create(input, ctx.origin)),
  resolve: procedure
    .meta({
      summary: "Resolve an open decision",
      description:
        "open → resolved (final); records org.statehub.decision.resolved. Resolving a resolved decision returns it unchanged, whatever resolution is given.",
      errors: ["NOT_FOUND", "CONFLICT"],
    })
    .input(ResolveDecisionInput)
    .output(Decision)
    .mutation(({ ctx, input }) => ctx.services.decisions.resolve(input, ctx.origin)),
  get: procedure
    .meta({ summary: "Get a decision by id", errors: ["NOT_FOUND"] })
    .input(ById)
    .output(Decision)
    .query(({ ctx, input }) => ctx.services.decisions.get(input.id)),
  list: procedure
    .meta({ summary: "List decisions, oldest first, by status and domain" })
    .input(ListDecisionsInput.optional())
    .output(DecisionPage)
    .query(({ ctx, input }) => ctx.services.decisions.list(input)),
});
