import { TaskStatus } from "@statehub/events";
import { z } from "zod";
import { procedure, router } from "../trpc/procedures.js";
import { entityKey, id, paging, TITLE_MAX, text } from "./inputs.js";

export const tasksRouter = router({
  create: procedure
    .input(
      z.strictObject({
        workstreamId: id(),
        key: entityKey().optional(),
        title: text(TITLE_MAX),
        status: TaskStatus.optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.tasks.create(input, ctx.origin)),
  update: procedure
    .input(z.strictObject({ id: id(), title: text(TITLE_MAX).optional(), status: TaskStatus.optional() }))
    .mutation(({ ctx, input }) => ctx.services.tasks.update(input, ctx.origin)),
  get: procedure
    .input(z.strictObject({ id: id() }))
    .query(({ ctx, input }) => ctx.services.tasks.get(input.id)),
  list: procedure
    .input(
      z
        .strictObject({
          workstreamId: id().optional(),
          status: TaskStatus.optional(),
          /** Only tasks currently flagged by the stale check (flag cleared by any update). */
          staleOnly: z.boolean().optional(),
          ...paging,
        })
        .optional(),
    )
    .query(({ ctx, input }) => ctx.services.tasks.list(input)),
});
