import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Database } from "@statehub/db";
import { eventOutbox, tasks, workstreamSources, workstreams } from "@statehub/db";
import { asc } from "drizzle-orm";

export const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
/** The bin other repos' CI runs: the same command, bundled, without the server's start-up cost. */
export const BIN = fileURLToPath(
  new URL("../../../../packages/workplans/dist/statehub-workplans.mjs", import.meta.url),
);
export const EXAMPLES = fileURLToPath(new URL("../../../../examples/workplans", import.meta.url));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `workplans sync …` as its own process, in `cwd`, with only PATH and `env`: the
 * `statehub-workplans` bin, or with `via: "statehub"` the hub's own `statehub workplans`.
 */
export function syncCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; via?: "bin" | "statehub" },
): Promise<Run> {
  const command = options.via === "statehub" ? [CLI, "workplans", "sync"] : [BIN, "sync"];
  return runNode([...command, ...args], options);
}

export function runNode(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? "", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    // Generous: on a loaded 2-core machine a Node process can take a minute to do a second's work.
    const timeoutMs = options.timeoutMs ?? 150_000;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`node ${args.join(" ")} did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A temporary repo folder with the example workplans under workplans/ (not a git work tree). */
export class Workspace {
  readonly dir = mkdtempSync(join(tmpdir(), "statehub-workplans-"));
  constructor() {
    cpSync(EXAMPLES, join(this.dir, "workplans"), { recursive: true });
  }
  path(name: string): string {
    return join(this.dir, "workplans", name);
  }
  read(name: string): string {
    return readFileSync(this.path(name), "utf8");
  }
  write(name: string, text: string): void {
    writeFileSync(this.path(name), text);
  }
  edit(name: string, from: string | RegExp, to: string): void {
    const text = this.read(name);
    const edited = text.replace(from, to);
    if (edited === text) throw new Error(`edit of ${name} changed nothing (${from})`);
    this.write(name, edited);
  }
  remove(name: string): void {
    rmSync(this.path(name));
  }
  files(): string[] {
    return readdirSync(join(this.dir, "workplans")).sort();
  }
  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Everything a sync could write: rows with their timestamps, sources, the outbox. */
export async function snapshot(database: Database) {
  const db = database.db;
  return {
    workstreams: await db.select().from(workstreams).orderBy(asc(workstreams.key)),
    tasks: await db.select().from(tasks).orderBy(asc(tasks.id)),
    sources: await db.select().from(workstreamSources).orderBy(asc(workstreamSources.workstreamId)),
    outbox: await db
      .select({ subject: eventOutbox.subject, envelope: eventOutbox.envelope })
      .from(eventOutbox)
      .orderBy(asc(eventOutbox.position)),
  };
}

/** The report lines of `workplans sync` (no header, no total), as [outcome, path, rest]. */
export function lines(stdout: string): string[][] {
  return stdout
    .split("\n")
    .filter((line) => /^(created|updated|unchanged|conflict|error|orphan) /.test(line))
    .map((line) => line.split(/ {2,}/));
}
