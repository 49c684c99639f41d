import { formatIssue, type WorkplanIssue } from "../format/issue.js";
import type { FileOutcome, OrphanReport, TaskCounts } from "./wire.js";

/** What happened to one file, from reading it to writing ids back. */
export interface FileLine {
  path: string;
  outcome: FileOutcome;
  key?: string;
  /** Why it failed (conflict, error), one line each; positions are in the text. */
  problems?: string[];
  tasks?: TaskCounts;
  workstreamId?: string | null;
  repoRegistered?: boolean;
  /** Subjects of the events the sync recorded for this file. */
  events?: string[];
  idsWritten?: boolean;
}

export interface SyncSummary {
  dryRun: boolean;
  files: FileLine[];
  skipped: { path: string; reason: string }[];
  /** Command-line arguments that name nothing. */
  missing: string[];
  orphans: OrphanReport[];
  /** Why orphans are unknown (the sync names no repo, or the check failed). */
  orphansUnknown?: string;
  totals: Record<FileOutcome | "skipped" | "orphans", number>;
}

export function problemsOf(path: string, issues: readonly WorkplanIssue[]): string[] {
  return issues.map((issue) => formatIssue(path, issue));
}

export function totalsOf(summary: Omit<SyncSummary, "totals">): SyncSummary["totals"] {
  const totals = { created: 0, updated: 0, unchanged: 0, conflict: 0, error: 0, skipped: 0, orphans: 0 };
  for (const file of summary.files) totals[file.outcome] += 1;
  totals.error += summary.missing.length;
  totals.skipped = summary.skipped.length;
  totals.orphans = summary.orphans.length;
  return totals;
}

/** The sync failed when a file (or an argument) failed; orphans and skipped files do not fail it. */
export function failed(summary: SyncSummary): boolean {
  return summary.totals.error > 0 || summary.totals.conflict > 0;
}

/** The human-readable report: a line per file, then orphans, then the totals. */
export function formatSummary(summary: SyncSummary): string {
  const lines: string[] = [];
  if (summary.dryRun) lines.push("dry run: nothing is written, this is what a sync would do");
  for (const missing of summary.missing)
    lines.push(`${"error".padEnd(9)}  ${missing}: no such file or folder`);
  for (const file of summary.files) {
    const head = `${file.outcome.padEnd(9)}  ${file.path}${file.key ? `  ${file.key}` : ""}`;
    const details: string[] = [];
    if (file.tasks && file.outcome !== "error" && file.outcome !== "conflict") {
      details.push(`tasks: ${describeTasks(file.tasks)}`);
    }
    if (file.repoRegistered) details.push("repo registered");
    if (file.events && file.events.length > 0) details.push(`events: ${file.events.join(", ")}`);
    if (file.idsWritten) details.push("ids written");
    const [first, ...rest] = file.problems ?? [];
    lines.push(`${head}${details.length > 0 ? `  (${details.join("; ")})` : ""}${first ? `  ${first}` : ""}`);
    for (const problem of rest) lines.push(`${" ".repeat(11)}${problem}`);
  }
  for (const orphan of summary.orphans) {
    const action =
      orphan.action === "cancelled"
        ? `${summary.dryRun ? "would be cancelled" : "cancelled"}${orphan.tasksCancelled > 0 ? ` with ${orphan.tasksCancelled} open task(s)` : ""}`
        : "left as it is (--prune cancels it)";
    lines.push(
      `${"orphan".padEnd(9)}  ${orphan.path}  ${orphan.key}  (${orphan.status}; its file is gone) ${action}`,
    );
  }
  const t = summary.totals;
  const counted = (["created", "updated", "unchanged", "conflict", "error"] as const)
    .filter((outcome) => t[outcome] > 0)
    .map((outcome) => `${t[outcome]} ${outcome}`);
  const files = summary.files.length + summary.missing.length;
  lines.push(
    `total: ${files} file(s)${counted.length > 0 ? `: ${counted.join(", ")}` : ""}; ` +
      `${t.skipped} skipped (not workplans); ` +
      (summary.orphansUnknown === undefined
        ? `${t.orphans} orphan(s)`
        : `orphans not checked (${summary.orphansUnknown})`) +
      (summary.dryRun ? " — dry run, nothing written" : ""),
  );
  return lines.join("\n");
}

function describeTasks(tasks: TaskCounts): string {
  const parts = (["created", "updated", "unchanged", "dropped", "cancelled"] as const)
    .filter((kind) => tasks[kind] > 0)
    .map((kind) => `${tasks[kind]} ${kind}`);
  return parts.length > 0 ? parts.join(", ") : "none";
}
