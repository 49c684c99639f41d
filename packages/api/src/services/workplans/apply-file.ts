import { repos, type Tx, tasks, workstreamSources, workstreams } from "@statehub/db";
import { uuidv7 } from "@statehub/events";
import { asc, eq, type SQL } from "drizzle-orm";
import type { Clock } from "../../clock.js";
import type { EventRecorder } from "../../outbox/write-transaction.js";
import { domainIdOf } from "../lookups.js";
import { registerRepo } from "../repos.js";
import { changeTask } from "../tasks.js";
import { changeWorkstream, insertWorkstream } from "../workstreams.js";
import { droppedTasks } from "./current-tasks.js";
import { idLock, keyLock, lockWorkplanEntities } from "./locks.js";
import { type FileReport, noTasks, type SyncWorkplanFile, type TaskCounts } from "./types.js";

/** A file the hub cannot apply as it is: its error (nothing of it is written). */
export class WorkplanFileError extends Error {}

/**
 * Lookups shared by the files of one request. Domains and repos are never deleted, and only
 * rows a query found (committed, or earlier in a dry run's transaction) are remembered.
 */
export interface SyncLookups {
  domainIds: Map<string, string>;
  repoIds: Map<string, string>;
}

export const newLookups = (): SyncLookups => ({ domainIds: new Map(), repoIds: new Map() });

interface SyncedWorkstream {
  id: string;
  key: string;
  /** The file it was last synced from, if ever. */
  source: { repo: string; path: string; contentHash: string } | null;
}

async function findSynced(tx: Tx, where: SQL): Promise<SyncedWorkstream | undefined> {
  const [row] = await tx
    .select({
      id: workstreams.id,
      key: workstreams.key,
      sourceRepo: repos.name,
      sourcePath: workstreamSources.path,
      contentHash: workstreamSources.contentHash,
    })
    .from(workstreams)
    .leftJoin(workstreamSources, eq(workstreamSources.workstreamId, workstreams.id))
    .leftJoin(repos, eq(repos.id, workstreamSources.repoId))
    .where(where);
  if (!row) return undefined;
  return {
    id: row.id,
    key: row.key,
    source:
      row.sourceRepo === null || row.sourcePath === null || row.contentHash === null
        ? null
        : { repo: row.sourceRepo, path: row.sourcePath, contentHash: row.contentHash },
  };
}

/**
 * Applies one workplan file inside the caller's transaction: the workstream (found by
 * `state_hub_workstream_id`, else by key; created when neither names one), its repo
 * (registered in the workplan's domain when unknown), its tasks (by `state_hub_task_id`, else
 * by key), and where it came from. Status changes go through the transition rules and record
 * their events like any API call. A file whose content hash is the one last applied writes
 * nothing (with prune, it only cancels the open tasks it no longer lists).
 */
export async function applyWorkplanFile(
  tx: Tx,
  events: EventRecorder,
  clock: Clock,
  file: SyncWorkplanFile,
  options: { prune: boolean },
  lookups: SyncLookups = newLookups(),
): Promise<FileReport> {
  const { source, workplan } = file;
  await lockWorkplanEntities(tx, [
    keyLock(workplan.key),
    ...(workplan.workstreamId ? [idLock(workplan.workstreamId)] : []),
  ]);
  const recorded: string[] = [];
  const recorder: EventRecorder = {
    record(subject, data, time) {
      recorded.push(subject);
      return events.record(subject, data, time);
    },
  };

  const target = await identify(tx, file);
  const report = (fields: Partial<FileReport>): FileReport => ({
    path: source.path,
    key: workplan.key,
    outcome: "unchanged",
    message: null,
    workstreamId: target?.id ?? null,
    repoRegistered: false,
    tasks: noTasks(),
    taskIds: [],
    events: recorded,
    ...fields,
  });

  const sameSource =
    target?.source?.repo === source.repo &&
    target.source.path === source.path &&
    target.source.contentHash === source.contentHash &&
    target.key === workplan.key;
  if (target && sameSource) {
    const current = await tx
      .select()
      .from(tasks)
      .where(eq(tasks.workstreamId, target.id))
      .orderBy(asc(tasks.id));
    const listed = new Set(workplan.tasks.map((task) => task.key));
    const counts = noTasks();
    counts.unchanged = current.filter((task) => listed.has(task.key)).length;
    const dropped = droppedTasks(current, (task) => listed.has(task.key));
    counts.dropped = dropped.length;
    if (options.prune) {
      for (const task of dropped) await changeTask(tx, clock, task.id, { status: "cancelled" });
      counts.cancelled = dropped.length;
    }
    return report({
      outcome: counts.cancelled > 0 ? "updated" : "unchanged",
      tasks: counts,
      taskIds: current.filter((task) => listed.has(task.key)).map((task) => ({ key: task.key, id: task.id })),
    });
  }

  let domainId = lookups.domainIds.get(workplan.domain);
  if (domainId === undefined) {
    domainId = await domainIdOf(tx, workplan.domain);
    lookups.domainIds.set(workplan.domain, domainId);
  }
  let repoId = lookups.repoIds.get(source.repo);
  if (repoId === undefined) {
    const [knownRepo] = await tx.select({ id: repos.id }).from(repos).where(eq(repos.name, source.repo));
    repoId = knownRepo?.id;
    if (repoId !== undefined) lookups.repoIds.set(source.repo, repoId);
  }
  let repoRegistered = false;
  if (repoId === undefined) {
    const registration = await registerRepo(tx, recorder, clock, {
      name: source.repo,
      domain: workplan.domain,
    });
    repoId = registration.repo.id;
    repoRegistered = registration.registered;
  }

  const now = clock.now();
  let workstreamId: string;
  let created = false;
  let changed = false;
  if (!target) {
    const inserted = await insertWorkstream(tx, recorder, clock, {
      key: workplan.key,
      title: workplan.title,
      domainId,
      repoId,
      status: workplan.status,
    });
    workstreamId = inserted.id;
    created = true;
  } else {
    workstreamId = target.id;
    const result = await changeWorkstream(tx, recorder, clock, target.id, {
      key: workplan.key,
      title: workplan.title,
      domainId,
      repoId,
      status: workplan.status,
    });
    changed = result.changed;
  }

  const taskResult = await applyTasks(tx, clock, workstreamId, file, options, created);
  if (!sameSource) {
    const values = {
      workstreamId,
      repoId,
      path: source.path,
      commit: source.commit,
      contentHash: source.contentHash,
      taskKeys: workplan.tasks.map((task) => task.key),
      syncedAt: now,
    };
    await tx
      .insert(workstreamSources)
      .values(values)
      .onConflictDoUpdate({ target: workstreamSources.workstreamId, set: values });
  }
  const counts = taskResult.counts;
  const anyTaskChange = counts.created + counts.updated + counts.cancelled > 0;
  return report({
    outcome: created ? "created" : changed || anyTaskChange ? "updated" : "unchanged",
    workstreamId,
    repoRegistered,
    tasks: counts,
    taskIds: taskResult.taskIds,
  });
}

/**
 * The workstream a file names: by `state_hub_workstream_id` when it has one (a different key
 * then renames it), else by key. An entity that another repo's workplan owns is an error.
 */
async function identify(tx: Tx, file: SyncWorkplanFile): Promise<SyncedWorkstream | undefined> {
  const { workplan, source } = file;
  const byKey = await findSynced(tx, eq(workstreams.key, workplan.key));
  let target = byKey;
  let claim = `id ${workplan.key}`;
  if (workplan.workstreamId !== undefined) {
    const byId = await findSynced(tx, eq(workstreams.id, workplan.workstreamId));
    if (!byId) {
      throw new WorkplanFileError(
        `state_hub_workstream_id ${workplan.workstreamId} names no workstream in this hub (remove it to create one)`,
      );
    }
    if (byKey && byKey.id !== byId.id) {
      throw new WorkplanFileError(
        `id ${workplan.key} is already the key of workstream ${byKey.id}, not of state_hub_workstream_id ${byId.id}`,
      );
    }
    target = byId;
    claim = `state_hub_workstream_id ${workplan.workstreamId}`;
  }
  // Another workplan's: synced from another repo, or from another file under another key
  // (a file that is moved, or whose id is renamed, keeps the other of the two).
  const otherFile =
    target?.source &&
    (target.source.repo !== source.repo ||
      (target.source.path !== source.path && target.key !== workplan.key));
  if (target?.source && otherFile) {
    throw new WorkplanFileError(
      `${claim} names the workstream of another workplan (${target.source.repo}: ${target.source.path})`,
    );
  }
  return target;
}

async function applyTasks(
  tx: Tx,
  clock: Clock,
  workstreamId: string,
  file: SyncWorkplanFile,
  options: { prune: boolean },
  /** A workstream created by this sync has no tasks yet. */
  isNew: boolean,
): Promise<{ counts: TaskCounts; taskIds: { key: string; id: string }[] }> {
  const existing = isNew
    ? []
    : await tx.select().from(tasks).where(eq(tasks.workstreamId, workstreamId)).orderBy(asc(tasks.id));
  const byId = new Map(existing.map((task) => [task.id, task]));
  const byKey = new Map(existing.map((task) => [task.key, task]));
  const counts: TaskCounts = { created: 0, updated: 0, unchanged: 0, dropped: 0, cancelled: 0 };
  const taskIds: { key: string; id: string }[] = [];
  const matched = new Set<string>();
  const inserts: (typeof tasks.$inferInsert)[] = [];
  const now = clock.now();

  const listed = new Set<string>();
  for (const wanted of file.workplan.tasks) {
    if (listed.has(wanted.key)) throw new WorkplanFileError(`duplicate task id "${wanted.key}"`);
    listed.add(wanted.key);
    const row = wanted.taskId === undefined ? byKey.get(wanted.key) : byId.get(wanted.taskId);
    if (wanted.taskId !== undefined && !row) {
      const [elsewhere] = await tx
        .select({ workstream: workstreams.key })
        .from(tasks)
        .innerJoin(workstreams, eq(workstreams.id, tasks.workstreamId))
        .where(eq(tasks.id, wanted.taskId));
      throw new WorkplanFileError(
        elsewhere
          ? `task ${wanted.key}: state_hub_task_id ${wanted.taskId} is a task of another workplan (${elsewhere.workstream})`
          : `task ${wanted.key}: state_hub_task_id ${wanted.taskId} names no task in this hub (remove it to create one)`,
      );
    }
    if (row) {
      if (matched.has(row.id)) {
        throw new WorkplanFileError(
          `task ${wanted.key}: names the same task as another task of this workplan`,
        );
      }
      const holder = byKey.get(wanted.key);
      if (holder && holder.id !== row.id) {
        throw new WorkplanFileError(
          `task ${wanted.key}: the key is held by another task of this workstream (${holder.id}); rename in two syncs`,
        );
      }
      matched.add(row.id);
      taskIds.push({ key: wanted.key, id: row.id });
      const differs =
        row.key !== wanted.key ||
        row.title !== wanted.title ||
        (wanted.status !== undefined && wanted.status !== row.status);
      if (!differs) {
        counts.unchanged += 1;
        continue;
      }
      const result = await changeTask(tx, clock, row.id, {
        key: wanted.key,
        title: wanted.title,
        status: wanted.status,
      });
      if (result.changed) counts.updated += 1;
      else counts.unchanged += 1;
      continue;
    }
    const id = uuidv7();
    inserts.push({
      id,
      workstreamId,
      key: wanted.key,
      title: wanted.title,
      status: wanted.status ?? "todo",
      createdAt: now,
      updatedAt: now,
    });
    taskIds.push({ key: wanted.key, id });
  }
  if (inserts.length > 0) {
    await tx.insert(tasks).values(inserts);
    counts.created = inserts.length;
  }

  const dropped = droppedTasks(existing, (task) => matched.has(task.id));
  counts.dropped = dropped.length;
  if (options.prune) {
    for (const task of dropped) await changeTask(tx, clock, task.id, { status: "cancelled" });
    counts.cancelled = dropped.length;
  }
  return { counts, taskIds };
}
