import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@statehub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ServerProcess, serverBuildAvailable } from "./faults/support/server-process.js";
import { runCli } from "./support/cli.js";

// Two processes on one PGlite data directory corrupt it (issue 9): every command that opens
// the directory takes its lock first, and a second one is refused at once, naming the holder.
// Everything here runs the built CLI as separate processes, as a user would.

async function call(url: string, procedure: string, input: unknown): Promise<unknown> {
  const response = await fetch(`${url}/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { result?: { data: unknown }; error?: unknown };
  if (!response.ok) throw new Error(`${procedure}: ${response.status} ${JSON.stringify(body.error)}`);
  return body.result?.data;
}

async function repoNames(url: string): Promise<string[]> {
  const input = encodeURIComponent(JSON.stringify({ limit: 500 }));
  const response = await fetch(`${url}/trpc/repos.list?input=${input}`);
  const body = (await response.json()) as { result: { data: { items: { name: string }[] } } };
  return body.result.data.items.map((repo) => repo.name).sort();
}

/** The repo names of the recorded repo events (the event log holds nothing else here). */
async function repoEvents(url: string): Promise<{ id: string; repoName: string }[]> {
  const input = encodeURIComponent(JSON.stringify({ limit: 500 }));
  const response = await fetch(`${url}/trpc/events.list?input=${input}`);
  const body = (await response.json()) as {
    result: { data: { items: { envelope: { id: string; data: { repoId?: string; name?: string } } }[] } };
  };
  return body.result.data.items.map(({ envelope }) => ({
    id: envelope.id,
    repoName: String(envelope.data.name),
  }));
}

async function register(url: string, names: string[]): Promise<void> {
  for (const name of names) await call(url, "repos.register", { name, domain: "locks" });
}

describe.runIf(serverBuildAvailable())("one process per PGlite data directory", { timeout: 300_000 }, () => {
  let dataDir: string;
  let holder: ServerProcess;
  const written: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "statehub-lock-e2e-"));
    holder = await ServerProcess.start({ STATEHUB_DATA_DIR: dataDir }, 240_000);
    await call(holder.url, "domains.upsert", { slug: "locks", name: "Locks" });
    const before = ["acme/before-1", "acme/before-2", "acme/before-3"];
    await register(holder.url, before);
    written.push(...before);
  }, 300_000);

  afterAll(async () => {
    await holder?.stop("SIGKILL");
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  for (const command of [["serve"], ["tasks", "stale"], ["migrate"], ["outbox", "parked"]]) {
    it(`refuses \`${command.join(" ")}\` on the held directory at once, naming the holder`, async () => {
      // runCli fails the test if the command has not exited in time: without the lock, a second
      // serve starts and never exits. The refusal itself takes a Node start (seconds at most).
      const env = { STATEHUB_DATA_DIR: dataDir, PORT: String(await freePort()), LOG_LEVEL: "warn" };
      const run = await runCli(command, env, 60_000);
      expect(run.code).toBe(1);
      const lines = run.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^statehub: the embedded database in .* is in use by pid \d+/);
      expect(lines[0]).toContain(`pid ${holder.pid} (`);
      expect(lines[0]).toContain("cli.js serve");
      expect(lines[0]).toContain(holder.url); // where to go instead
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it("leaves the holder and its data intact: writes before and after, across a restart", async () => {
    const after = ["acme/after-1", "acme/after-2"];
    await register(holder.url, after);
    written.push(...after);
    expect(await repoNames(holder.url)).toEqual([...written].sort());

    expect(await holder.stop("SIGTERM")).toBe(0);
    await holder.restart(240_000);
    expect(await repoNames(holder.url)).toEqual([...written].sort());
    const events = await repoEvents(holder.url);
    expect(events.map((event) => event.repoName).sort()).toEqual([...written].sort());
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
  });

  it("recovers the lock of a holder killed with SIGKILL, with its data", async () => {
    const killedPid = holder.pid;
    expect(await holder.stop("SIGKILL")).toBeNull();
    await holder.restart(240_000);
    expect(holder.pid).not.toBe(killedPid);
    expect(await repoNames(holder.url)).toEqual([...written].sort());
    // … and holds it in turn.
    const run = await runCli(["tasks", "stale"], { STATEHUB_DATA_DIR: dataDir }, 60_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`pid ${holder.pid} (`);
  });
});
