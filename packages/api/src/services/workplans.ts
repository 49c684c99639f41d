import { type DbOrTx, isUniqueViolation, repos, type Tx, workstreamSources, workstreams } from "@statehub/db";
import { eq, inArray } from "drizzle-orm";
import { ConflictError, InvalidInputError, NotFoundError } from "../domain/errors.js";
import { recordEvent } from "../outbox/record-event.js";
import { type EventRecorder, writeTransaction } from "../outbox/write-transaction.js";
import type { CallOrigin, ServiceDeps } from "./deps.js";
import {
  applyWorkplanFile,
  newLookups,
  type SyncLookups,
  WorkplanFileError,
} from "./workplans/apply-file.js";
import { checkWorkplanFiles } from "./workplans/check.js";
import { droppedTasks, tasksByWorkstream } from "./workplans/current-tasks.js";
import { cancelOrphan, findOrphans } from "./workplans/orphans.js";
import {
  type CheckWorkplanFilesInput,
  type FileReport,
  noTasks,
  type OrphanReport,
  type SyncReport,
  type SyncWorkplanFile,
  type SyncWorkplansInput,
} from "./workplans/types.js";

/** Runs one unit of work in a transaction of its own (real sync) or a savepoint (dry run). */
type Transact = <T>(work: (tx: Tx, events: EventRecorder) => Promise<T>) => Promise<T>;

/** Thrown to roll a dry run back once its report is complete. */
class DryRunRollback extends Error {
  constructor(readonly report: SyncReport) {
    super("dry run: rolled back");
  }
}

/** Files of one request applied at once (each in its own transaction). */
const FILE_CONCURRENCY = 4;

export function createWorkplanService(deps: ServiceDeps) {
  return {
    /** The files a sync would find unchanged (see checkWorkplanFiles): read-only. */
    check(input: CheckWorkplanFilesInput) {
      return checkWorkplanFiles(deps.db, input);
    },

    /**
     * Applies workplan files, each atomically in a transaction of its own: one file's conflict
     * or error leaves the others applied. Files whose content hash is the one last applied
     * are answered without a transaction (no write, no event). With a scope, reports the
     * workstreams whose file is gone (orphans); prune cancels them. A dry run computes the
     * same report inside one transaction (a savepoint per file) and rolls it back.
     */
    async sync(input: SyncWorkplansInput, origin: CallOrigin): Promise<SyncReport> {
      const options = { prune: input.prune ?? false };
      if (!input.dryRun) {
        const transact: Transact = (work) => writeTransaction(deps, origin, work);
        return {
          dryRun: false,
          ...(await syncWith(deps, deps.db, transact, input, options, FILE_CONCURRENCY)),
        };
      }
      try {
        await deps.db.transaction(async (outer) => {
          const transact: Transact = (work) =>
            outer.transaction((savepoint) =>
              work(savepoint, {
                record: (subject, data, time) => recordEvent(savepoint, subject, data, time, origin),
              }),
            );
          throw new DryRunRollback({
            dryRun: true,
            ...(await syncWith(deps, outer, transact, input, options, 1)),
          });
        });
      } catch (error) {
        if (error instanceof DryRunRollback) return error.report;
        throw error;
      }
      throw new Error("unreachable: a dry run always rolls back");
    },
  };
}

async function syncWith(
  deps: ServiceDeps,
  /** Reads outside a file's transaction (in a dry run: the rolled-back transaction). */
  reader: DbOrTx,
  transact: Transact,
  input: SyncWorkplansInput,
  options: { prune: boolean },
  concurrency: number,
): Promise<Omit<SyncReport, "dryRun">> {
  const claims = duplicateClaims(input.files);
  const unchanged = await unchangedFiles(reader, input.files, options);
  const files: FileReport[] = new Array(input.files.length);
  const lookups = newLookups();
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < input.files.length; index = next++) {
      const file = input.files[index];
      if (!file) continue;
      const duplicate = claims.get(index);
      files[index] =
        duplicate !== undefined
          ? failure(file, "error", duplicate)
          : (unchanged.get(index) ?? (await applyOne(deps, transact, file, options, lookups)));
    }
  };
  // Files are independent (each its own transaction, locked by key): a few at once keep the
  // pool busy; a dry run shares one transaction, so it goes one file at a time.
  await Promise.all(Array.from({ length: concurrency }, worker));

  const orphans: OrphanReport[] = [];
  if (input.scope) {
    const scope = input.scope;
    const found = await transact((tx) => findOrphans(tx, scope));
    for (const orphan of found) {
      orphans.push(
        options.prune
          ? await transact((tx, events) => cancelOrphan(tx, events, deps.clock, orphan))
          : { ...orphan, action: "left", tasksCancelled: 0 },
      );
    }
  }
  return { files, orphans };
}

/** One file in its own transaction; what goes wrong with it becomes its report. */
async function applyOne(
  deps: ServiceDeps,
  transact: Transact,
  file: SyncWorkplanFile,
  options: { prune: boolean },
  lookups: SyncLookups,
): Promise<FileReport> {
  try {
    return await transact((tx, events) => applyWorkplanFile(tx, events, deps.clock, file, options, lookups));
  } catch (error) {
    if (error instanceof ConflictError) return failure(file, "conflict", error.message);
    if (error instanceof InvalidInputError)
      return failure(file, "error", Object.values(error.fieldErrors).flat().join("; "));
    if (error instanceof WorkplanFileError || error instanceof NotFoundError)
      return failure(file, "error", error.message);
    if (isUniqueViolation(error)) {
      return failure(file, "error", "a concurrent change created the same key: sync again");
    }
    throw error;
  }
}

function failure(file: SyncWorkplanFile, outcome: "conflict" | "error", message: string): FileReport {
  return {
    path: file.source.path,
    key: file.workplan.key,
    outcome,
    message,
    workstreamId: null,
    repoRegistered: false,
    tasks: noTasks(),
    taskIds: [],
    events: [],
  };
}

/** Files of one request that claim the same workstream (key or id) as an earlier one. */
function duplicateClaims(files: readonly SyncWorkplanFile[]): Map<number, string> {
  const owners = new Map<string, string>();
  const duplicates = new Map<number, string>();
  for (const [index, { workplan, source }] of files.entries()) {
    const claims = [`id ${workplan.key}`];
    if (workplan.workstreamId) claims.push(`state_hub_workstream_id ${workplan.workstreamId}`);
    const taken = claims.find((claim) => owners.has(claim));
    if (taken) {
      duplicates.set(index, `${taken} is also claimed by ${owners.get(taken)}`);
      continue;
    }
    for (const claim of claims) owners.set(claim, source.path);
  }
  return duplicates;
}

/**
 * The files whose workstream was last synced from the same repo, path and content hash:
 * answered from two reads, no transaction. (Under prune, only those with no open task to
 * cancel.) A file that changes meanwhile is caught again inside its transaction.
 */
async function unchangedFiles(
  db: DbOrTx,
  files: readonly SyncWorkplanFile[],
  options: { prune: boolean },
): Promise<Map<number, FileReport>> {
  const keys = files.map((file) => file.workplan.key);
  if (keys.length === 0) return new Map();
  const rows = await db
    .select({
      id: workstreams.id,
      key: workstreams.key,
      repo: repos.name,
      path: workstreamSources.path,
      contentHash: workstreamSources.contentHash,
    })
    .from(workstreams)
    .innerJoin(workstreamSources, eq(workstreamSources.workstreamId, workstreams.id))
    .innerJoin(repos, eq(repos.id, workstreamSources.repoId))
    .where(inArray(workstreams.key, keys));
  const byKey = new Map(rows.map((row) => [row.key, row]));
  const candidates = new Map<number, (typeof rows)[number]>();
  for (const [index, { workplan, source }] of files.entries()) {
    const row = byKey.get(workplan.key);
    if (
      row &&
      (workplan.workstreamId === undefined || workplan.workstreamId === row.id) &&
      row.repo === source.repo &&
      row.path === source.path &&
      row.contentHash === source.contentHash
    ) {
      candidates.set(index, row);
    }
  }
  if (candidates.size === 0) return new Map();
  const tasksOf = await tasksByWorkstream(
    db,
    [...candidates.values()].map((row) => row.id),
  );

  const reports = new Map<number, FileReport>();
  for (const [index, row] of candidates) {
    const file = files[index];
    if (!file) continue;
    const listed = new Set(file.workplan.tasks.map((task) => task.key));
    const current = tasksOf.get(row.id) ?? [];
    const dropped = droppedTasks(current, (task) => listed.has(task.key)).length;
    if (options.prune && dropped > 0) continue;
    const counts = noTasks();
    counts.unchanged = current.filter((task) => listed.has(task.key)).length;
    counts.dropped = dropped;
    reports.set(index, {
      path: file.source.path,
      key: file.workplan.key,
      outcome: "unchanged",
      message: null,
      workstreamId: row.id,
      repoRegistered: false,
      tasks: counts,
      taskIds: current.filter((task) => listed.has(task.key)).map((task) => ({ key: task.key, id: task.id })),
      events: [],
    });
  }
  return reports;
}
