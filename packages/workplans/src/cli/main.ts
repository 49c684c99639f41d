import { runSync } from "../sync/run.js";
import { failed, formatSummary } from "../sync/summary.js";
import { parseSyncArgs, USAGE } from "./args.js";

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * `workplans sync …`: the command shared by the `statehub-workplans` bin and `statehub
 * workplans`. Resolves with the exit code: 0 all files fine, 1 a file (or the hub call)
 * failed, 2 a usage error. The token is never printed.
 */
export async function runWorkplansCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseSyncArgs(argv, io.env);
  if (parsed.kind === "help") {
    io.stdout(USAGE);
    return 0;
  }
  if (parsed.kind === "usage-error") {
    io.stderr(`workplans: ${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  const summary = await runSync(parsed.args, { cwd: io.cwd });
  io.stdout(parsed.args.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
  return failed(summary) ? 1 : 0;
}
