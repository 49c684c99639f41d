import { z } from "zod";
import { procedure, router } from "../trpc/procedures.js";
import { branch, id, paging, repoName, slug, url } from "./inputs.js";

export const reposRouter = router({
  register: procedure
    .input(
      z.strictObject({
        name: repoName(),
        domain: slug(),
        url: url().optional(),
        defaultBranch: branch().optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.repos.register(input, ctx.origin)),
  get: procedure
    .input(
      z.union([z.strictObject({ id: id() }), z.strictObject({ name: repoName() })], {
        error: "expected either { id } (a UUID) or { name } (a repo name)",
      }),
    )
    .query(({ ctx, input }) => ctx.services.repos.get(input)),
  list: procedure
    .input(z.strictObject({ domain: slug().optional(), ...paging }).optional())
    .query(({ ctx, input }) => ctx.services.repos.list(input)),
});
