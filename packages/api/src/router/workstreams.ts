import { WorkstreamStatus } from "@statehub/events";
import { z } from "zod";
import { procedure, router } from "../trpc/procedures.js";
import { entityKey, id, paging, repoName, slug, TITLE_MAX, text } from "./inputs.js";

export const workstreamsRouter = router({
  create: procedure
    .input(
      z.strictObject({
        key: entityKey().optional(),
        title: text(TITLE_MAX),
        domain: slug(),
        repo: repoName().optional(),
        status: WorkstreamStatus.optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.workstreams.create(input, ctx.origin)),
  update: procedure
    .input(
      z.strictObject({
        id: id(),
        title: text(TITLE_MAX).optional(),
        status: WorkstreamStatus.optional(),
        /** null detaches the workstream from its repo. */
        repo: repoName().nullable().optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.workstreams.update(input, ctx.origin)),
  get: procedure
    .input(
      z.union([z.strictObject({ id: id() }), z.strictObject({ key: entityKey() })], {
        error: "expected either { id } (a UUID) or { key } (a workstream key)",
      }),
    )
    .query(({ ctx, input }) => ctx.services.workstreams.get(input)),
  list: procedure
    .input(
      z
        .strictObject({
          domain: slug().optional(),
          repo: repoName().optional(),
          status: WorkstreamStatus.optional(),
          ...paging,
        })
        .optional(),
    )
    .query(({ ctx, input }) => ctx.services.workstreams.list(input)),
});
