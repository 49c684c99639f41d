// The shapes of `workplans.sync` on the wire. (Temporary: replaced by the router's own types
// through @statehub/client once the API has the procedure.)
import type { TaskStatus, WorkstreamStatus } from "@statehub/events";

export interface SyncFileInput {
  source: { repo: string; path: string; commit: string | null; contentHash: string };
  workplan: {
    key: string;
    title: string;
    domain: string;
    status?: WorkstreamStatus | undefined;
    workstreamId?: string | undefined;
    tasks: { key: string; title: string; status?: TaskStatus | undefined; taskId?: string | undefined }[];
  };
}

export interface SyncInput {
  files: SyncFileInput[];
  scope?: { repo: string; paths: string[]; keys: string[]; workstreamIds: string[] } | undefined;
  prune?: boolean | undefined;
  dryRun?: boolean | undefined;
}

export type FileOutcome = "created" | "updated" | "unchanged" | "conflict" | "error";

export interface TaskCounts {
  created: number;
  updated: number;
  unchanged: number;
  dropped: number;
  cancelled: number;
}

export interface FileReport {
  path: string;
  key: string;
  outcome: FileOutcome;
  message: string | null;
  workstreamId: string | null;
  repoRegistered: boolean;
  tasks: TaskCounts;
  taskIds: { key: string; id: string }[];
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
