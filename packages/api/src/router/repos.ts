import { ListReposInput, RegisterRepoInput, Repo, RepoPage, RepoRef } from "../schemas/index.js";
import { procedure, router } from "../trpc/procedures.js";

export const reposRouter = router({
  register: procedure
    .meta({
      summary: "Register a repo",
      description:
        "The first registration records org.statehub.repo.registered. Registering the name again with the same details returns the repo and records nothing; with other details it is a CONFLICT.",
      errors: ["CONFLICT"],
    })
    .input(RegisterRepoInput)
    .output(Repo)
    .mutation(({ ctx, input }) => ctx.services.repos.register(input, ctx.origin)),
  get: procedure
    .meta({ summary: "Get a repo by id or by name", errors: ["NOT_FOUND"] })
    .input(RepoRef)
    .output(Repo)
    .query(({ ctx, input }) => ctx.services.repos.get(input)),
  list: procedure
    .meta({ summary: "List repos, oldest first, by domain" })
    .input(ListReposInput.optional())
    .output(RepoPage)
    .query(({ ctx, input }) => ctx.services.repos.list(input)),
});
