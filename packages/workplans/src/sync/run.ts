import { createStateHubClient, type StateHubClient } from "@statehub/client";
import type { SyncArgs } from "../cli/args.js";
import { gitWorkTree } from "../files/git.js";
import { expandTargets } from "../files/targets.js";
import { type LocalFile, prepareFiles } from "./prepare.js";
import { sendToHub } from "./send.js";
import { type FileLine, problemsOf, type SyncSummary, totalsOf } from "./summary.js";
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
  const git = await gitWorkTree(env.cwd);
  const commit = args.ref ?? git?.head ?? null;
  const local = await prepareFiles(targets, { base: git?.topLevel ?? env.cwd, repo: args.repo, commit });

  const ready = local.filter((file): file is Extract<LocalFile, { kind: "ready" }> => file.kind === "ready");
  const scope =
    args.repo === undefined
      ? undefined
      : {
          repo: args.repo,
          keys: ready.map((file) => file.workplan.key),
          workstreamIds: ready.flatMap((file) =>
            file.workplan.workstreamId ? [file.workplan.workstreamId] : [],
          ),
          // Files that failed here are still in the repo: their workstreams are not orphans.
          unparsedPaths: local.filter((file) => file.kind === "error").map((file) => file.path),
        };
  const hub =
    env.client ?? createStateHubClient({ url: args.url, ...(args.token ? { token: args.token } : {}) });
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
    const report = sent.reports.get(file.path);
    if (!report) {
      const message = sent.failed.get(file.path) ?? "the hub did not report on this file";
      files.push({
        path: file.path,
        key: file.workplan.key,
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
