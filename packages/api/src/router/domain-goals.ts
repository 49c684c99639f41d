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
    .meta({ summary: "Propose a goal for a domain (status proposed)" })
    .input(CreateDomainGoalInput)
    .output(DomainGoal)
    .mutation(({ ctx, input }) => ctx.services.domainGoals.create(input, ctx.origin)),
  activate: procedure
    .meta({
      summary: "Activate a goal",
      description:
        "proposed → active; records org.statehub.domain.goal.activated. Already active: returned unchanged, nothing recorded.",
      errors: ["NOT_FOUND", "CONFLICT"],
    })
    .input(ById)
    .output(DomainGoal)
    .mutation(({ ctx, input }) => ctx.services.domainGoals.activate(input.id, ctx.origin)),
  achieve: procedure
    .meta({
      summary: "Mark an active goal achieved",
      description: "active → achieved (final). Already achieved: returned unchanged.",
      errors: ["NOT_FOUND", "CONFLICT"],
    })
    .input(ById)
    .output(DomainGoal)
    .mutation(({ ctx, input }) => ctx.services.domainGoals.achieve(input.id, ctx.origin)),
  abandon: procedure
    .meta({
      summary: "Abandon a goal",
      description: "proposed or active → abandoned (final). Already abandoned: returned unchanged.",
      errors: ["NOT_FOUND", "CONFLICT"],
    })
    .input(ById)
    .output(DomainGoal)
    .mutation(({ ctx, input }) => ctx.services.domainGoals.abandon(input.id, ctx.origin)),
  get: procedure
    .meta({ summary: "Get a goal by id", errors: ["NOT_FOUND"] })
    .input(ById)
    .output(DomainGoal)
    .query(({ ctx, input }) => ctx.services.domainGoals.get(input.id)),
  list: procedure
    .meta({ summary: "List goals, oldest first, by domain and status" })
    .input(ListDomainGoalsInput.optional())
    .output(DomainGoalPage)
    .query(({ ctx, input }) => ctx.services.domainGoals.list(input)),
});
