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
    .meta({ summary: "Create a workstream (status planned unless given)", errors: ["CONFLICT"] })
    .input(CreateWorkstreamInput)
    .output(Workstream)
    .mutation(({ ctx, input }) => ctx.services.workstreams.create(input, ctx.origin)),
  update: procedure
    .meta({
      summary: "Change a workstream's title, repo and/or status",
      description:
        "A status change must be an allowed transition (CONFLICT names the current state). A transition into completed records org.statehub.workstream.completed. A call that changes nothing returns the workstream as it is.",
      errors: ["NOT_FOUND", "CONFLICT"],
    })
    .input(UpdateWorkstreamInput)
    .output(Workstream)
    .mutation(({ ctx, input }) => ctx.services.workstreams.update(input, ctx.origin)),
  get: procedure
    .meta({ summary: "Get a workstream by id or by key", errors: ["NOT_FOUND"] })
    .input(WorkstreamRef)
    .output(Workstream)
    .query(({ ctx, input }) => ctx.services.workstreams.get(input)),
  list: procedure
    .meta({ summary: "List workstreams, oldest first, by domain, repo and status" })
    .input(ListWorkstreamsInput.optional())
    .output(WorkstreamPage)
    .query(({ ctx, input }) => ctx.services.workstreams.list(input)),
});
