import {
  CheckWorkplanFilesInput,
  CheckWorkplanFilesResult,
  SyncReport,
  SyncWorkplansInput,
} from "../schemas/index.js";
import { procedure, router } from "../trpc/procedures.js";

export const workplansRouter = router({
  check: procedure
    .meta({
      summary: "Which workplan files the hub last applied exactly as they are",
      description:
        "Given paths and sha256 content hashes, the files a sync would find unchanged, with what a sync reports for them: the CLI then parses and sends only the others. Read-only, but a POST (a large repo's list does not fit in a URL), so it needs write scope.",
    })
    .input(CheckWorkplanFilesInput)
    .output(CheckWorkplanFilesResult)
    .mutation(({ ctx, input }) => ctx.services.workplans.check(input)),
  sync: procedure
    .meta({
      summary: "Apply workplan files parsed from a repo (each file atomically)",
      description:
        "Each file in a transaction of its own: the workstream and its tasks, through the same transition rules and outbox as the rest of the API (completing a workplan publishes workstream.completed exactly once; a re-sync publishes nothing). An illegal move or a bad reference is that file's conflict or error; the other files still apply. Files whose content hash is the one last applied write nothing. With `scope`, workstreams whose file is gone are reported as orphans; `prune` cancels them and the open tasks dropped from a file. `dryRun` computes the same report and writes nothing. See the README's Workplans section.",
    })
    .input(SyncWorkplansInput)
    .output(SyncReport)
    .mutation(({ ctx, input }) => ctx.services.workplans.sync(input, ctx.origin)),
});
