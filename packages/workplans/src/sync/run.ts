import { dirname } from "node:path";
import { createStateHubClient, type StateHubClient } from "@statehub/client";
import type { SyncArgs } from "../cli/args.js";
import { gitWorkTree } from "../files/git.js";
import { expandTargets } from "../files/targets.js";
import { claimsOf, type LocalFile, markDuplicates, parseFile, readTargets } from "./prepare.js";
import { checkKnown, sendToHub } from "./send.js";
import { type FileLine, problemsOf, type SyncSummary, totalsOf } from "./summary.js";
import type { KnownFile } from "./wire.js";
import { writeBackIds } from "./write-back.js";

export interface SyncEnvironment {
  cwd: string;
  /** The client to use (tests); by default one for args.url / args.token. */
  client?: StateHubClient;
}

/**
 * A whole sync: find the files, parse them here, send them to the hub, write ids back
 * (--write-ids), and summarise. Never throws for a bad file or a failed request: those are
 * lines of the summary.
 */
export async function runSync(args: SyncArgs, env: SyncEnvironment): Promise<SyncSummary> {
  const { targets, missing } = await expandTargets(args.paths, env.cwd);
  // A file's path is relative to the top of the git work tree it is in (else to the cwd), and
  // its commit is that work tree's HEAD unless --ref says otherwise.
  const workTrees = new Map<string, ReturnType<typeof gitWorkTree>>();
  const locate = async (absPath: string) => {
    const folder = dirname(absPath);
    let workTree = workTrees.get(folder);
    if (!workTree) {
      workTree = gitWorkTree(folder);
      workTrees.set(folder, workTree);
    }
    const git = await workTree;
    return { base: git?.topLevel ?? env.cwd, commit: args.ref ?? git?.head ?? null };
  };
  const read = await readTargets(targets, locate);
  const hub =
    env.client ?? createStateHubClient({ url: args.url, ...(args.token ? { token: args.token } : {}) });

  // Files the hub already has exactly as they are are neither parsed nor sent (under --prune,
  // only those with no open task to cancel).
  const hashed = read.flatMap((file) =>
    file.read.kind === "ok" ? [{ path: file.path, contentHash: file.read.contentHash }] : [],
  );
  const known = hashed.length > 0 ? await checkKnown(hub, hashed, args.repo) : new Map<string, KnownFile>();
  const local = markDuplicates(
    read.map((file): LocalFile => {
      const match = known.get(file.path);
      if (
        match &&
        file.read.kind === "ok" &&
        match.contentHash === file.read.contentHash &&
        !(args.prune && match.tasks.dropped > 0)
      ) {
        return {
          kind: "known",
          path: file.path,
          absPath: file.absPath,
          bytes: file.read.bytes,
          known: match,
        };
      }
      return parseFile(file, args.repo);
    }),
  );

  const ready = local.filter((file): file is Extract<LocalFile, { kind: "ready" }> => file.kind === "ready");
  const claimed = local.flatMap((file) => claimsOf(file) ?? []);
  const scope =
    args.repo === undefined
      ? undefined
      : {
          repo: args.repo,
          keys: claimed.map((claim) => claim.key),
          workstreamIds: claimed.flatMap((claim) => (claim.workstreamId ? [claim.workstreamId] : [])),
          // Files that failed here are still in the repo: their workstreams are not orphans.
          unparsedPaths: local.filter((file) => file.kind === "error").map((file) => file.path),
        };
  const sent =
    ready.length > 0 || scope
      ? await sendToHub(
          hub,
          ready.map((file) => file.input),
          { scope, prune: args.prune, dryRun: args.dryRun },
        )
      : { reports: new Map(), failed: new Map<string, string>(), orphans: [], orphansUnknown: undefined };

  const files: FileLine[] = [];
  const skipped: SyncSummary["skipped"] = [];
  for (const file of local) {
    if (file.kind === "skipped") {
      skipped.push({ path: file.path, reason: file.reason });
      continue;
    }
    if (file.kind === "error") {
      files.push({ path: file.path, outcome: "error", problems: problemsOf(file.path, file.issues) });
      continue;
    }
    const report =
      file.kind === "known"
        ? {
            key: file.known.key,
            outcome: "unchanged" as const,
            message: null,
            workstreamId: file.known.workstreamId,
            repoRegistered: false,
            tasks: file.known.tasks,
            taskIds: file.known.taskIds,
            events: [],
          }
        : sent.reports.get(file.path);
    if (!report) {
      const message = sent.failed.get(file.path) ?? "the hub did not report on this file";
      files.push({
        path: file.path,
        key: claimsOf(file)?.key ?? "",
        outcome: "error",
        problems: [message],
      });
      continue;
    }
    const line: FileLine = {
      path: file.path,
      key: report.key,
      outcome: report.outcome,
      workstreamId: report.workstreamId,
      tasks: report.tasks,
      repoRegistered: report.repoRegistered,
      events: report.events,
      ...(report.message === null ? {} : { problems: [report.message] }),
    };
    if (
      args.writeIds &&
      !args.dryRun &&
      (report.outcome === "created" || report.outcome === "updated" || report.outcome === "unchanged")
    ) {
      const written = await writeBackIds(file.absPath, file.bytes, report);
      if (written.kind === "written") line.idsWritten = true;
      if (written.kind === "error") {
        line.outcome = "error";
        line.problems = [...(line.problems ?? []), written.message];
      }
    }
    files.push(line);
  }

  const partial = {
    dryRun: args.dryRun,
    files,
    skipped,
    missing,
    orphans: sent.orphans,
    ...(scope === undefined
      ? { orphansUnknown: "the sync names no repo: pass --repo" }
      : sent.orphansUnknown === undefined
        ? {}
        : { orphansUnknown: sent.orphansUnknown }),
  };
  return { ...partial, totals: totalsOf(partial) };
}
