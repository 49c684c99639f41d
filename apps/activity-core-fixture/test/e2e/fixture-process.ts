import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

// The fixture's built CLI, as an operator runs it (turbo builds the package before testing it).
export const FIXTURE_CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

export interface FixtureProcess {
  child: ChildProcess;
  /** What it wrote to stderr so far, for failure messages. */
  stderr(): string;
  /** Sends the signal and resolves with the exit code (null when killed by a signal). */
  signal(signal: "SIGKILL" | "SIGTERM"): Promise<number | null>;
}

/** `activity-core-fixture run` with the given environment (NATS_URL, ISSUE_CORE_DATABASE_URL, …). */
export function startFixtureProcess(env: Record<string, string>): FixtureProcess {
  const child = spawn(process.execPath, [FIXTURE_CLI, "run"], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { PATH: process.env.PATH, LOG_LEVEL: "warn", ...env },
  });
  const chunks: string[] = [];
  child.stderr?.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    stderr: () => chunks.join(""),
    async signal(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** `activity-core-fixture status`: what the durable and the issue-core table say, as JSON. */
export function fixtureStatus(env: Record<string, string>): Record<string, unknown> {
  const result = spawnSync(process.execPath, [FIXTURE_CLI, "status"], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, LOG_LEVEL: "warn", ...env },
  });
  if (result.status !== 0) throw new Error(`status exited with ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}
