import { relative, sep } from "node:path";
import { type ReadResult, readWorkplanFile } from "../files/read.js";
import type { Target } from "../files/targets.js";
import type { WorkplanIssue } from "../format/issue.js";
import { parseWorkplan } from "../format/parse.js";
import type { Workplan } from "../format/workplan.js";
import type { KnownFile, SyncFileInput } from "./wire.js";

/** A file of the sync as read here: its path for the hub, its commit, its bytes and hash. */
interface ReadFile {
  path: string;
  absPath: string;
  explicit: boolean;
  commit: string | null;
  read: ReadResult;
}

/** A file of the sync before the hub applies it. */
export type LocalFile =
  | { kind: "skipped"; path: string; absPath: string; reason: string }
  | { kind: "error"; path: string; absPath: string; issues: WorkplanIssue[] }
  /** Unchanged since the hub last applied it (workplans.check): not parsed, not sent. */
  | { kind: "known"; path: string; absPath: string; bytes: Buffer; known: KnownFile }
  | { kind: "ready"; path: string; absPath: string; bytes: Buffer; workplan: Workplan; input: SyncFileInput };

/** Where a file is: the folder its path is relative to, and the commit it is at. */
type Locate = (absPath: string) => Promise<{ base: string; commit: string | null }>;

/** Reads every file, in the targets' order. */
export async function readTargets(targets: readonly Target[], locate: Locate): Promise<ReadFile[]> {
  const files: ReadFile[] = [];
  for (const target of targets) {
    const { base, commit } = await locate(target.absPath);
    files.push({
      path: relative(base, target.absPath).split(sep).join("/"),
      absPath: target.absPath,
      explicit: target.explicit,
      commit,
      read: readWorkplanFile(target.absPath),
    });
  }
  return files;
}

/**
 * Parses a file. A file named on the command line must be a workplan; a file found in a
 * folder that is not one is skipped. Bad files become per-file errors. `repo` is --repo,
 * which overrides the file's `repo:`.
 */
export function parseFile(file: ReadFile, repo: string | undefined): LocalFile {
  const base = { path: file.path, absPath: file.absPath };
  if (file.read.kind === "error") return { ...base, kind: "error", issues: [{ message: file.read.message }] };
  const parsed = parseWorkplan(file.read.text);
  if (parsed.kind === "not-a-workplan") {
    return file.explicit
      ? { ...base, kind: "error", issues: [{ message: `not a workplan: ${parsed.reason}` }] }
      : { ...base, kind: "skipped", reason: parsed.reason };
  }
  if (parsed.kind === "invalid") return { ...base, kind: "error", issues: parsed.issues };
  const { workplan } = parsed;
  const effectiveRepo = repo ?? workplan.repo;
  if (effectiveRepo === undefined) {
    return {
      ...base,
      kind: "error",
      issues: [{ message: "no repo: set `repo:` in the frontmatter or pass --repo" }],
    };
  }
  return {
    ...base,
    kind: "ready",
    bytes: file.read.bytes,
    workplan,
    input: {
      source: {
        repo: effectiveRepo,
        path: file.path,
        commit: file.commit,
        contentHash: file.read.contentHash,
      },
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
  };
}

/** The workstream a file claims: its key, and its id when known. */
export function claimsOf(file: LocalFile): { key: string; workstreamId: string | undefined } | undefined {
  if (file.kind === "ready") return { key: file.workplan.key, workstreamId: file.workplan.workstreamId };
  if (file.kind === "known") return { key: file.known.key, workstreamId: file.known.workstreamId };
  return undefined;
}

/** Two files of one sync with the same `id` or `state_hub_workstream_id`: the later ones are errors. */
export function markDuplicates(files: readonly LocalFile[]): LocalFile[] {
  const owners = new Map<string, string>();
  return files.map((file) => {
    const claim = claimsOf(file);
    if (!claim) return file;
    const claims = [`id ${claim.key}`];
    if (claim.workstreamId) claims.push(`state_hub_workstream_id ${claim.workstreamId}`);
    const taken = claims.find((name) => owners.has(name));
    if (taken) {
      return {
        kind: "error",
        path: file.path,
        absPath: file.absPath,
        issues: [{ message: `${taken} is also the ${taken.split(" ")[0]} of ${owners.get(taken)}` }],
      };
    }
    for (const name of claims) owners.set(name, file.path);
    return file;
  });
}
