import {
  CreateWorkstreamInput,
  ListWorkstreamsInput,
  UpdateWorkstreamInput,
  Workstream,
  WorkstreamPage,
  WorkstreamRef,
} from "../schemas/index.js";
import { procedure, router } from "../trpc/procedures.js";

export const workstreamsRouter = router({
  create: procedure
    .input(CreateWorkstreamInput)
    .output(Workstream)
    .mutation(({ ctx, input }) => ctx.services.workstreams.create(input, ctx.origin)),
  update: procedure
    .input(UpdateWorkstreamInput)
    .output(Workstream)
    .mutation(({ ctx, input }) => ctx.services.workstreams.update(input, ctx.origin)),
  get: procedure
    .input(WorkstreamRef)
    .output(Workstream)
    .query(({ ctx, input }) => ctx.services.workstreams.get(input)),
  list: procedure
    .input(ListWorkstreamsInput.optional())
    .output(WorkstreamPage)
    .query(({ ctx, input }) => ctx.services.workstreams.list(input)),
});
