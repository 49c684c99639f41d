import { ById, CreateTaskInput, ListTasksInput, Task, TaskPage, UpdateTaskInput } from "../schemas/index.js";
import { procedure, router } from "../trpc/procedures.js";

export const tasksRouter = router({
  create: procedure
    .input(CreateTaskInput)
    .output(Task)
    .mutation(({ ctx, input }) => ctx.services.tasks.create(input, ctx.origin)),
  update: procedure
    .input(UpdateTaskInput)
    .output(Task)
    .mutation(({ ctx, input }) => ctx.services.tasks.update(input, ctx.origin)),
  get: procedure
    .input(ById)
    .output(Task)
    .query(({ ctx, input }) => ctx.services.tasks.get(input.id)),
  list: procedure
    .input(ListTasksInput.optional())
    .output(TaskPage)
    .query(({ ctx, input }) => ctx.services.tasks.list(input)),
});
