import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Database } from "@statehub/db";
import { eventOutbox, tasks, workstreamSources, workstreams } from "@statehub/db";
import { asc } from "drizzle-orm";
import { CLI, type Run, runNode } from "../support/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";

/** The bin other repos' CI runs: the same command, bundled, without the server's start-up cost. */
export const BIN = fileURLToPath(
  new URL("../../../../packages/workplans/dist/statehub-workplans.mjs", import.meta.url),
);
export const EXAMPLES = fileURLToPath(new URL("../../../../examples/workplans", import.meta.url));

/**
 * `workplans sync …` as its own process, in `cwd`, with only PATH and `env`: the
 * `statehub-workplans` bin, or with `via: "statehub"` the hub's own `statehub workplans`.
 */
export function syncCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; via?: "bin" | "statehub" },
): Promise<Run> {
  const command = options.via === "statehub" ? [CLI, "workplans", "sync"] : [BIN, "sync"];
  return runNodeIn([...command, ...args], options);
}

/**
 * `node args…` in `cwd`. Generous by default: on a loaded 2-core machine a Node process can
 * take a minute to do a second's work.
 */
export function runNodeIn(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<Run> {
  return runNode(args, { ...options, timeoutMs: options.timeoutMs ?? 150_000 });
}

/** A fresh hub with the examples' domains, and a workspace holding the example files. */
export async function hubAndWorkspace(): Promise<{ hub: TestServer; ws: Workspace }> {
  const hub = await startTestServer();
  const ws = new Workspace();
  for (const slug of ["custodian", "payments"]) {
    await hub.client().domains.upsert.mutate({ slug, name: slug });
  }
  return { hub, ws };
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
