import { type DbOrTx, tasks } from "@statehub/db";
import { isOpenTaskStatus, type TaskStatus } from "@statehub/events";
import { inArray } from "drizzle-orm";

/** What a sync compares a file's task list with: the tasks a workstream has now. */
interface CurrentTask {
  id: string;
  key: string;
  status: TaskStatus;
  workstreamId: string;
}

/** The tasks of these workstreams, by workstream id (one read). */
export async function tasksByWorkstream(
  db: DbOrTx,
  workstreamIds: readonly string[],
): Promise<Map<string, CurrentTask[]>> {
  const rows = await db
    .select({ id: tasks.id, key: tasks.key, status: tasks.status, workstreamId: tasks.workstreamId })
    .from(tasks)
    .where(inArray(tasks.workstreamId, [...new Set(workstreamIds)]));
  const byWorkstream = new Map<string, CurrentTask[]>();
  for (const task of rows)
    byWorkstream.set(task.workstreamId, [...(byWorkstream.get(task.workstreamId) ?? []), task]);
  return byWorkstream;
}

/**
 * The open tasks a file no longer lists ("dropped"): a sync reports them and, under prune,
 * cancels them. Done and cancelled tasks may leave a file without notice.
 */
export function droppedTasks<T extends { status: TaskStatus }>(
  current: readonly T[],
  listed: (task: T) => boolean,
): T[] {
  return current.filter((task) => !listed(task) && isOpenTaskStatus(task.status));
}
