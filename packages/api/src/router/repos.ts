import { ListReposInput, RegisterRepoInput, Repo, RepoPage, RepoRef } from "../schemas/index.js";
import { procedure, router } from "../trpc/procedures.js";

export const reposRouter = router({
  register: procedure
    .input(RegisterRepoInput)
    .output(Repo)
    .mutation(({ ctx, input }) => ctx.services.repos.register(input, ctx.origin)),
  get: procedure
    .input(RepoRef)
    .output(Repo)
    .query(({ ctx, input }) => ctx.services.repos.get(input)),
  list: procedure
    .input(ListReposInput.optional())
    .output(RepoPage)
    .query(({ ctx, input }) => ctx.services.repos.list(input)),
});
