import { relative, sep } from "node:path";
import { readWorkplanFile } from "../files/read.js";
import type { Target } from "../files/targets.js";
import type { WorkplanIssue } from "../format/issue.js";
import { parseWorkplan } from "../format/parse.js";
import type { Workplan } from "../format/workplan.js";
import type { SyncFileInput } from "./wire.js";

/** A file of the sync after reading and parsing it here, before the hub sees it. */
export type LocalFile =
  | { kind: "skipped"; path: string; absPath: string; reason: string }
  | { kind: "error"; path: string; absPath: string; issues: WorkplanIssue[] }
  | { kind: "ready"; path: string; absPath: string; bytes: Buffer; workplan: Workplan; input: SyncFileInput };

export interface PrepareOptions {
  /** Paths sent to the hub are relative to this folder (the git work tree's top, else the cwd). */
  base: string;
  /** --repo: overrides each file's `repo:`. */
  repo: string | undefined;
  commit: string | null;
}

/**
 * Reads and parses every file. A file named on the command line must be a workplan; a file
 * found in a folder that is not one is skipped. Bad files become per-file errors.
 */
export async function prepareFiles(
  targets: readonly Target[],
  options: PrepareOptions,
): Promise<LocalFile[]> {
  const files: LocalFile[] = [];
  for (const target of targets) {
    const path = relative(options.base, target.absPath).split(sep).join("/");
    const base = { path, absPath: target.absPath };
    const read = await readWorkplanFile(target.absPath);
    if (read.kind === "error") {
      files.push({ ...base, kind: "error", issues: [{ message: read.message }] });
      continue;
    }
    const parsed = parseWorkplan(read.text);
    if (parsed.kind === "not-a-workplan") {
      files.push(
        target.explicit
          ? { ...base, kind: "error", issues: [{ message: `not a workplan: ${parsed.reason}` }] }
          : { ...base, kind: "skipped", reason: parsed.reason },
      );
      continue;
    }
    if (parsed.kind === "invalid") {
      files.push({ ...base, kind: "error", issues: parsed.issues });
      continue;
    }
    const { workplan } = parsed;
    const repo = options.repo ?? workplan.repo;
    if (repo === undefined) {
      files.push({
        ...base,
        kind: "error",
        issues: [{ message: "no repo: set `repo:` in the frontmatter or pass --repo" }],
      });
      continue;
    }
    files.push({
      ...base,
      kind: "ready",
      bytes: read.bytes,
      workplan,
      input: {
        source: { repo, path, commit: options.commit, contentHash: read.contentHash },
        workplan: {
          key: workplan.key,
          title: workplan.title,
          domain: workplan.domain,
          status: workplan.status,
          workstreamId: workplan.workstreamId,
          tasks: workplan.tasks.map((task) => ({
            key: task.key,
            title: task.title,
            status: task.status,
            taskId: task.taskId,
          })),
        },
      },
    });
  }
  return markDuplicates(files);
}

/** Two files of one sync with the same `id` or `state_hub_workstream_id`: the later ones are errors. */
function markDuplicates(files: LocalFile[]): LocalFile[] {
  const owners = new Map<string, string>();
  return files.map((file) => {
    if (file.kind !== "ready") return file;
    const claims = [`id ${file.workplan.key}`];
    if (file.workplan.workstreamId) claims.push(`state_hub_workstream_id ${file.workplan.workstreamId}`);
    const taken = claims.find((claim) => owners.has(claim));
    if (taken) {
      return {
        kind: "error",
        path: file.path,
        absPath: file.absPath,
        issues: [{ message: `${taken} is also the ${taken.split(" ")[0]} of ${owners.get(taken)}` }],
      };
    }
    for (const claim of claims) owners.set(claim, file.path);
    return file;
  });
}
