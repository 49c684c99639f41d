import { TaskStatus, WorkstreamStatus } from "@statehub/events";
import { z } from "zod";
import { procedure, router } from "../trpc/procedures.js";
import { entityKey, id, repoName, slug, TITLE_MAX, text } from "./inputs.js";

// Bounds of one request: the `workplans sync` CLI sends files in batches well inside them.
export const SYNC_MAX_FILES = 200;
export const SYNC_MAX_TASKS_PER_FILE = 1_000;
const SCOPE_MAX = 100_000;

const sourcePath = () => text(1_000);
const contentHash = () =>
  z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 hash (64 lowercase hex digits)");

const syncTask = z.strictObject({
  key: entityKey(),
  title: text(TITLE_MAX),
  status: TaskStatus.optional(),
  taskId: id().optional(),
});

const syncFile = z.strictObject({
  source: z.strictObject({
    repo: repoName(),
    path: sourcePath(),
    commit: text(200).nullable(),
    contentHash: contentHash(),
  }),
  workplan: z.strictObject({
    key: entityKey(),
    title: text(TITLE_MAX),
    domain: slug(),
    status: WorkstreamStatus.optional(),
    workstreamId: id().optional(),
    tasks: z.array(syncTask).max(SYNC_MAX_TASKS_PER_FILE),
  }),
});

export const SYNC_MAX_CHECKED_FILES = 5_000;

export const workplansRouter = router({
  /**
   * Which of the given files (path + content hash) the hub last applied as they are, with
   * what a sync reports for them: the CLI parses and sends only the others. Read-only, but a
   * mutation (a POST): the input of a large repo does not fit in a query's URL.
   */
  check: procedure
    .input(
      z.strictObject({
        repo: repoName().optional(),
        files: z
          .array(z.strictObject({ path: sourcePath(), contentHash: contentHash() }))
          .max(SYNC_MAX_CHECKED_FILES),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.workplans.check(input)),

  /**
   * Applies workplan files parsed by the caller (the hub never reads a repository): each
   * file atomically; the same transition rules and events as the rest of the API. A
   * mutation, so it needs write scope. See the README's "Workplans" section.
   */
  sync: procedure
    .input(
      z.strictObject({
        files: z.array(syncFile).max(SYNC_MAX_FILES),
        scope: z
          .strictObject({
            repo: repoName(),
            keys: z.array(entityKey()).max(SCOPE_MAX),
            workstreamIds: z.array(id()).max(SCOPE_MAX),
            unparsedPaths: z.array(sourcePath()).max(SCOPE_MAX),
          })
          .optional(),
        prune: z.boolean().optional(),
        dryRun: z.boolean().optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.workplans.sync(input, ctx.origin)),
});
