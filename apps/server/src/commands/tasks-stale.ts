import { type FlagStaleTasksResult, flagStaleTasks, systemClock } from "@statehub/api";
import { loadConfig } from "../config.js";
import type { Command } from "./command.js";
import { openConfiguredDatabase } from "./configured-database.js";

interface TasksStaleArgs {
  days: number | undefined;
  dryRun: boolean;
}

export function parseTasksStaleArgs(args: string[]): TasksStaleArgs | string {
  let days: number | undefined;
  let dryRun = false;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? "";
    if (arg === "--dry-run") dryRun = true;
    else if (arg === "--days" || arg.startsWith("--days=")) {
      const value = arg === "--days" ? args[++i] : arg.slice("--days=".length);
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < 1 || parsed > 3650) {
        return `--days must be a whole number of days from 1 to 3650 (got ${value ?? "nothing"})`;
      }
      days = parsed;
    } else return `unknown option ${arg}`;
  }
  return { days, dryRun };
}

export function formatStaleResult(result: FlagStaleTasksResult): string {
  const verb = result.dryRun ? "would flag" : "flagged";
  const head = `${verb} ${result.flagged.length} task(s) not updated for ${result.thresholdDays}+ days (since ${result.cutoff})`;
  const lines = result.flagged.map(
    (t) => `  ${t.key.padEnd(16)} ${t.status.padEnd(11)} last update ${t.lastUpdatedAt}  ${t.title}`,
  );
  return [head, ...lines].join("\n");
}

export const tasksStaleCommand: Command = {
  name: "tasks stale",
  summary: "record task.stale for open tasks not updated for N days (once per episode)",
  usage: "tasks stale [--days N (default STATEHUB_STALE_DAYS or 14)] [--dry-run]",
  async run(args) {
    const parsed = parseTasksStaleArgs(args);
    if (typeof parsed === "string") {
      console.error(`statehub: ${parsed}`);
      return 2;
    }
    const config = loadConfig();
    const askTheHub = (url: string) => `ask it instead: POST ${url}/trpc/maintenance.flagStaleTasks`;
    const database = await openConfiguredDatabase(config, 2, askTheHub);
    if (database === undefined) return 1;
    try {
      // A running server's relay publishes the events: on Postgres it hears the commit (NOTIFY).
      const result = await flagStaleTasks(
        { db: database.db, clock: systemClock },
        { source: config.source, actor: "cli" },
        { thresholdDays: parsed.days ?? config.staleDays, dryRun: parsed.dryRun },
      );
      console.log(formatStaleResult(result));
      return 0;
    } finally {
      await database.close();
    }
  },
};
