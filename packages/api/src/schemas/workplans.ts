import { TaskStatus, WorkstreamStatus } from "@statehub/events";
import { z } from "zod";
import { entityKey, id, repoName, slug, text } from "./fields.js";
import { SYNC_MAX_CHECKED_FILES, SYNC_MAX_FILES, SYNC_MAX_TASKS_PER_FILE, TITLE_MAX } from "./limits.js";

// workplans.check and workplans.sync: the client (the `workplans sync` CLI) parses the files in
// the repo and sends what they say; the hub never reads a repository.

const SCOPE_MAX = 100_000;

const sourcePath = () => text(1_000);
const contentHash = () =>
  z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 hash (64 lowercase hex digits)");

export const SyncWorkplanTask = z.strictObject({
  key: entityKey(),
  title: text(TITLE_MAX),
  /** Absent: the file does not manage the status (a new task starts as todo). */
  status: TaskStatus.optional(),
  /** `state_hub_task_id`: identifies the task (a changed key renames it). */
  taskId: id().optional(),
});

export const SyncWorkplanFile = z.strictObject({
  /** Where the file is: its repo, its path in the repo, the commit, sha256 of its bytes. */
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
    /** Absent: the file does not manage the status (a new workstream starts as planned). */
    status: WorkstreamStatus.optional(),
    /** `state_hub_workstream_id`: identifies the workstream (a changed key renames it). */
    workstreamId: id().optional(),
    tasks: z.array(SyncWorkplanTask).max(SYNC_MAX_TASKS_PER_FILE),
  }),
});

/** Everything a sync of one repo covers, for telling which workstreams lost their file. */
export const SyncScope = z.strictObject({
  repo: repoName(),
  /** The keys and workstream ids of every workplan file of the sync (all batches). */
  keys: z.array(entityKey()).max(SCOPE_MAX),
  workstreamIds: z.array(id()).max(SCOPE_MAX),
  /** Files of the sync that could not be read or parsed: their workstreams are not orphans. */
  unparsedPaths: z.array(sourcePath()).max(SCOPE_MAX),
});

export const SyncWorkplansInput = z.strictObject({
  files: z.array(SyncWorkplanFile).max(SYNC_MAX_FILES),
  /** Given: the sync names its repo, and orphans are reported (and with prune, cancelled). */
  scope: SyncScope.optional(),
  /** Cancel orphans and the open tasks dropped from a file. */
  prune: z.boolean().optional(),
  /** Compute the same report in a transaction that is rolled back. */
  dryRun: z.boolean().optional(),
});

export const CheckWorkplanFilesInput = z.strictObject({
  /** The sync's --repo, when it names one: only sources of that repo match. */
  repo: repoName().optional(),
  files: z
    .array(z.strictObject({ path: sourcePath(), contentHash: contentHash() }))
    .max(SYNC_MAX_CHECKED_FILES),
});

export const WorkplanTaskCounts = z.strictObject({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Open tasks of the workstream that the file no longer lists. */
  dropped: z.number().int(),
  /** Of those, cancelled (prune). */
  cancelled: z.number().int(),
});

const taskIds = () => z.array(z.strictObject({ key: z.string(), id: id() }));

/** A file whose content the hub last applied as it is: a sync would write nothing for it. */
export const KnownWorkplanFile = z.strictObject({
  path: z.string(),
  contentHash: z.string(),
  repo: z.string(),
  key: z.string(),
  workstreamId: id(),
  tasks: WorkplanTaskCounts,
  /** The ids of the tasks the file lists. */
  taskIds: taskIds(),
});

export const CheckWorkplanFilesResult = z.strictObject({ known: z.array(KnownWorkplanFile) });

export const FileReport = z.strictObject({
  path: z.string(),
  key: z.string(),
  outcome: z.enum(["created", "updated", "unchanged", "conflict", "error"]),
  /** Why a file is a conflict or an error. */
  message: z.string().nullable(),
  workstreamId: id().nullable(),
  repoRegistered: z.boolean(),
  tasks: WorkplanTaskCounts,
  /** The hub's ids of the file's tasks (for writing them back into the file). */
  taskIds: taskIds(),
  /** Subjects of the events recorded for this file. */
  events: z.array(z.string()),
});

export const OrphanReport = z.strictObject({
  workstreamId: id(),
  key: z.string(),
  path: z.string(),
  status: WorkstreamStatus,
  action: z.enum(["left", "cancelled"]),
  tasksCancelled: z.number().int(),
});

export const SyncReport = z.strictObject({
  dryRun: z.boolean(),
  files: z.array(FileReport),
  orphans: z.array(OrphanReport),
});
