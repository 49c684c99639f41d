import { repos, type Tx, tasks, workstreamSources, workstreams } from "@statehub/db";
import { isOpenWorkstreamStatus, OPEN_WORKSTREAM_STATUSES, type WorkstreamStatus } from "@statehub/events";
import { and, asc, eq, inArray, notInArray } from "drizzle-orm";
import type { Clock } from "../../clock.js";
import type { EventRecorder } from "../../outbox/write-transaction.js";
import { changeTask } from "../tasks.js";
import { changeWorkstream } from "../workstreams.js";
import { keyLock, lockWorkplanEntities } from "./locks.js";
import type { OrphanReport, SyncScope } from "./types.js";

interface Orphan {
  workstreamId: string;
  key: string;
  path: string;
  status: WorkstreamStatus;
}

/**
 * Open workstreams synced from the scope's repo that no file of the sync names (by key or
 * id) and whose file is not among those that failed to parse: their file is gone. Finished
 * ones (completed, cancelled) need nothing and are not reported.
 */
export async function findOrphans(tx: Tx, scope: SyncScope): Promise<Orphan[]> {
  const conditions = [eq(repos.name, scope.repo), inArray(workstreams.status, [...OPEN_WORKSTREAM_STATUSES])];
  if (scope.keys.length > 0) conditions.push(notInArray(workstreams.key, scope.keys));
  if (scope.workstreamIds.length > 0) conditions.push(notInArray(workstreams.id, scope.workstreamIds));
  if (scope.unparsedPaths.length > 0)
    conditions.push(notInArray(workstreamSources.path, scope.unparsedPaths));
  return tx
    .select({
      workstreamId: workstreams.id,
      key: workstreams.key,
      path: workstreamSources.path,
      status: workstreams.status,
    })
    .from(workstreamSources)
    .innerJoin(repos, eq(repos.id, workstreamSources.repoId))
    .innerJoin(workstreams, eq(workstreams.id, workstreamSources.workstreamId))
    .where(and(...conditions))
    .orderBy(asc(workstreams.key));
}

/** Cancels an orphan and its open tasks (prune), unless it was finished meanwhile. */
export async function cancelOrphan(
  tx: Tx,
  events: EventRecorder,
  clock: Clock,
  orphan: Orphan,
): Promise<OrphanReport> {
  await lockWorkplanEntities(tx, [keyLock(orphan.key)]);
  const [current] = await tx
    .select({ status: workstreams.status })
    .from(workstreams)
    .where(eq(workstreams.id, orphan.workstreamId));
  if (!current || !isOpenWorkstreamStatus(current.status)) {
    return { ...orphan, action: "left", tasksCancelled: 0 };
  }
  const open = await tx
    .select({ id: tasks.id })
    .from(tasks)
    .where(
      and(
        eq(tasks.workstreamId, orphan.workstreamId),
        inArray(tasks.status, ["todo", "in_progress", "blocked"]),
      ),
    )
    .orderBy(asc(tasks.id));
  for (const task of open) await changeTask(tx, clock, task.id, { status: "cancelled" });
  await changeWorkstream(tx, events, clock, orphan.workstreamId, { status: "cancelled" });
  return { ...orphan, action: "cancelled", tasksCancelled: open.length };
}
