import {
  ById,
  CreateDomainGoalInput,
  DomainGoal,
  DomainGoalPage,
  ListDomainGoalsInput,
} from "../schemas/index.js";
import { procedure, router } from "../trpc/procedures.js";

export const domainGoalsRouter = router({
  create: procedure
    .input(CreateDomainGoalInput)
    .output(DomainGoal)
    .mutation(({ ctx, input }) => ctx.services.domainGoals.create(input, ctx.origin)),
  activate: procedure
    .input(ById)
    .output(DomainGoal)
    .mutation(({ ctx, input }) => ctx.services.domainGoals.activate(input.id, ctx.origin)),
  achieve: procedure
    .input(ById)
    .output(DomainGoal)
    .mutation(({ ctx, input }) => ctx.services.domainGoals.achieve(input.id, ctx.origin)),
  abandon: procedure
    .input(ById)
    .output(DomainGoal)
    .mutation(({ ctx, input }) => ctx.services.domainGoals.abandon(input.id, ctx.origin)),
  get: procedure
    .input(ById)
    .output(DomainGoal)
    .query(({ ctx, input }) => ctx.services.domainGoals.get(input.id)),
  list: procedure
    .input(ListDomainGoalsInput.optional())
    .output(DomainGoalPage)
    .query(({ ctx, input }) => ctx.services.domainGoals.list(input)),
});
