import type { TaskStatus, WorkstreamStatus } from "@statehub/events";

/** A task of a workplan, as its file states it. */
export interface WorkplanTask {
  /** The task's `id`: its key, unique within the workplan. */
  key: string;
  title: string;
  /** Absent: the file does not manage the task's status (new tasks start as todo). */
  status: TaskStatus | undefined;
  /** `state_hub_task_id`: the hub's id of the task, once known. */
  taskId: string | undefined;
}

/** A workplan file's content: what becomes a workstream and its tasks. */
export interface Workplan {
  /** The workplan's `id`: the workstream's key. */
  key: string;
  /** The first `# ` heading, without its `KEY:` prefix. */
  title: string;
  domain: string;
  repo: string | undefined;
  /** Absent: the file does not manage the workstream's status (a new one starts as planned). */
  status: WorkstreamStatus | undefined;
  /** `state_hub_workstream_id`: the hub's id of the workstream, once known. */
  workstreamId: string | undefined;
  tasks: WorkplanTask[];
}

/** Frontmatter keys of the format; any other key is kept in the file and ignored. */
export const KEYS = {
  id: "id",
  type: "type",
  domain: "domain",
  repo: "repo",
  status: "status",
  workstreamId: "state_hub_workstream_id",
  tasks: "tasks",
  taskTitle: "title",
  taskId: "state_hub_task_id",
} as const;

export const WORKPLAN_TYPE = "workplan";
