import { type DbOrTx, repos, workstreamSources, workstreams } from "@statehub/db";
import { and, eq, inArray, type SQL } from "drizzle-orm";
import { droppedTasks, tasksByWorkstream } from "./current-tasks.js";
import { type CheckWorkplanFilesInput, type KnownWorkplanFile, noTasks } from "./types.js";

/**
 * Which files are unchanged since the hub last applied them (same path and content hash), with
 * what a sync would report for them: the CLI then parses and sends only the others, so a
 * re-sync of a repo costs a hash per file and one round trip.
 */
export async function checkWorkplanFiles(
  db: DbOrTx,
  input: CheckWorkplanFilesInput,
): Promise<{ known: KnownWorkplanFile[] }> {
  if (input.files.length === 0) return { known: [] };
  const conditions: SQL[] = [
    inArray(
      workstreamSources.path,
      input.files.map((file) => file.path),
    ),
  ];
  if (input.repo !== undefined) conditions.push(eq(repos.name, input.repo));
  const sources = await db
    .select({
      path: workstreamSources.path,
      contentHash: workstreamSources.contentHash,
      taskKeys: workstreamSources.taskKeys,
      repo: repos.name,
      key: workstreams.key,
      workstreamId: workstreams.id,
    })
    .from(workstreamSources)
    .innerJoin(repos, eq(repos.id, workstreamSources.repoId))
    .innerJoin(workstreams, eq(workstreams.id, workstreamSources.workstreamId))
    .where(and(...conditions));

  const wanted = new Set(input.files.map((file) => `${file.path}\n${file.contentHash}`));
  const matches = new Map<string, (typeof sources)[number][]>();
  for (const source of sources) {
    const id = `${source.path}\n${source.contentHash}`;
    if (wanted.has(id)) matches.set(id, [...(matches.get(id) ?? []), source]);
  }
  // The same bytes at the same path in two repos: not known without the repo (the CLI parses it).
  const unique = [...matches.values()].flatMap((found) => (found.length === 1 ? found : []));
  if (unique.length === 0) return { known: [] };

  const tasksOf = await tasksByWorkstream(
    db,
    unique.map((source) => source.workstreamId),
  );

  return {
    known: unique.map((source) => {
      const current = tasksOf.get(source.workstreamId) ?? [];
      const byKey = new Map(current.map((task) => [task.key, task]));
      const listed = new Set(source.taskKeys);
      const counts = noTasks();
      const taskIds = source.taskKeys.flatMap((key) => {
        const task = byKey.get(key);
        return task ? [{ key, id: task.id }] : [];
      });
      counts.unchanged = taskIds.length;
      counts.dropped = droppedTasks(current, (task) => listed.has(task.key)).length;
      return {
        path: source.path,
        contentHash: source.contentHash,
        repo: source.repo,
        key: source.key,
        workstreamId: source.workstreamId,
        tasks: counts,
        taskIds,
      };
    }),
  };
}
