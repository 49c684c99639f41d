import type { TaskStatus, WorkstreamStatus } from "@statehub/events";

// workplans.sync: the client (the `workplans sync` CLI) parses the files in the repo and sends
// what they say; the hub never reads a repository.

export interface SyncWorkplanTask {
  key: string;
  title: string;
  /** Absent: the file does not manage the status (a new task starts as todo). */
  status?: TaskStatus | undefined;
  /** `state_hub_task_id`: identifies the task (a changed key renames it). */
  taskId?: string | undefined;
}

export interface SyncWorkplanFile {
  /** Where the file is: its repo, its path in the repo, the commit, sha256 of its bytes. */
  source: { repo: string; path: string; commit: string | null; contentHash: string };
  workplan: {
    key: string;
    title: string;
    domain: string;
    /** Absent: the file does not manage the status (a new workstream starts as planned). */
    status?: WorkstreamStatus | undefined;
    /** `state_hub_workstream_id`: identifies the workstream (a changed key renames it). */
    workstreamId?: string | undefined;
    tasks: SyncWorkplanTask[];
  };
}

/** Everything a sync of one repo covers, for telling which workstreams lost their file. */
export interface SyncScope {
  repo: string;
  /** The keys and workstream ids of every workplan file of the sync (all batches). */
  keys: string[];
  workstreamIds: string[];
  /** Files of the sync that could not be read or parsed: their workstreams are not orphans. */
  unparsedPaths: string[];
}

export interface SyncWorkplansInput {
  files: SyncWorkplanFile[];
  /** Given: the sync names its repo, and orphans are reported (and with prune, cancelled). */
  scope?: SyncScope | undefined;
  /** Cancel orphans and the open tasks dropped from a file. */
  prune?: boolean | undefined;
  /** Compute the same report in a transaction that is rolled back. */
  dryRun?: boolean | undefined;
}

export type FileOutcome = "created" | "updated" | "unchanged" | "conflict" | "error";

export interface TaskCounts {
  created: number;
  updated: number;
  unchanged: number;
  /** Open tasks of the workstream that the file no longer lists. */
  dropped: number;
  /** Of those, cancelled (prune). */
  cancelled: number;
}

export interface FileReport {
  path: string;
  key: string;
  outcome: FileOutcome;
  /** Why a file is a conflict or an error. */
  message: string | null;
  workstreamId: string | null;
  repoRegistered: boolean;
  tasks: TaskCounts;
  /** The hub's ids of the file's tasks (for writing them back into the file). */
  taskIds: { key: string; id: string }[];
  /** Subjects of the events recorded for this file. */
  events: string[];
}

export interface OrphanReport {
  workstreamId: string;
  key: string;
  path: string;
  status: WorkstreamStatus;
  action: "left" | "cancelled";
  tasksCancelled: number;
}

export interface SyncReport {
  dryRun: boolean;
  files: FileReport[];
  orphans: OrphanReport[];
}

export const noTasks = (): TaskCounts => ({ created: 0, updated: 0, unchanged: 0, dropped: 0, cancelled: 0 });
