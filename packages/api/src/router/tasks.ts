import { ById, CreateTaskInput, ListTasksInput, Task, TaskPage, UpdateTaskInput } from "../schemas/index.js";
import { procedure, router } from "../trpc/procedures.js";

export const tasksRouter = router({
  create: procedure
    .meta({ summary: "Create a task in a workstream (status todo unless given)", errors: ["CONFLICT"] })
    .input(CreateTaskInput)
    .output(Task)
    .mutation(({ ctx, input }) => ctx.services.tasks.create(input, ctx.origin)),
  update: procedure
    .meta({
      summary: "Change a task's title and/or status",
      description:
        "A status change must be an allowed transition. Any real change ends the task's staleness episode (staleFlaggedAt becomes null).",
      errors: ["NOT_FOUND", "CONFLICT"],
    })
    .input(UpdateTaskInput)
    .output(Task)
    .mutation(({ ctx, input }) => ctx.services.tasks.update(input, ctx.origin)),
  get: procedure
    .meta({ summary: "Get a task by id", errors: ["NOT_FOUND"] })
    .input(ById)
    .output(Task)
    .query(({ ctx, input }) => ctx.services.tasks.get(input.id)),
  list: procedure
    .meta({ summary: "List tasks, oldest first, by workstream and status; staleOnly for flagged ones" })
    .input(ListTasksInput.optional())
    .output(TaskPage)
    .query(({ ctx, input }) => ctx.services.tasks.list(input)),
});
