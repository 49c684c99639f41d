import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { NatsConnection } from "@nats-io/transport-node";
import { type DatabaseAndNats, databaseAndNatsAvailable, startDatabaseAndNats } from "@statehub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIssueCoreStore, type IssueCoreStore } from "../src/index.js";
import { connectTo, createHubStream, publishEnvelope, repoRegistered, waitFor } from "./support.js";

// The built CLI, as an operator runs it (turbo builds before it tests).
const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, LOG_LEVEL: "warn", ...extra };
}

describe("activity-core-fixture validate", () => {
  it("prints the shipped definitions and exits 0", () => {
    expect(existsSync(CLI), `${CLI} is missing: build the package first`).toBe(true);
    const result = spawnSync(process.execPath, [CLI, "validate"], { encoding: "utf8", env: cliEnv({}) });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("7 definitions valid");
  });

  it("names the file and the path of a bad definition and exits 1", () => {
    const root = mkdtempSync(join(tmpdir(), "activity-cli-"));
    try {
      mkdirSync(join(root, "definitions"));
      writeFileSync(
        join(root, "definitions", "x.yaml"),
        "id: x\ndescription: t\ntrigger: { event: org.statehub.nope }\ninstruction: { title: t }\n",
      );
      const result = spawnSync(process.execPath, [CLI, "validate", join(root, "definitions")], {
        encoding: "utf8",
        env: cliEnv({}),
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("definitions/x.yaml: trigger.event: unknown subject org.statehub.nope");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("refuses to run without NATS_URL and a database, naming both", () => {
    const result = spawnSync(process.execPath, [CLI, "run"], { encoding: "utf8", env: cliEnv({}) });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("NATS_URL: required");
    expect(result.stderr).toContain("ISSUE_CORE_DATABASE_URL or DATABASE_URL: required");
  });
});

describe.runIf(databaseAndNatsAvailable())("activity-core-fixture run, as a process", () => {
  let services: DatabaseAndNats;
  let publisher: NatsConnection;
  let store: IssueCoreStore;

  beforeAll(async () => {
    services = await startDatabaseAndNats();
    publisher = await connectTo(services.nats.url);
    await createHubStream(publisher);
    store = createIssueCoreStore(services.database.url);
  });
  afterAll(async () => {
    await store?.close();
    await publisher?.close();
    await services?.dispose();
  });

  function startProcess(): ChildProcess {
    return spawn(process.execPath, [CLI, "run"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: cliEnv({
        NATS_URL: services.nats.url,
        ISSUE_CORE_DATABASE_URL: services.database.url,
        ACTIVITY_CORE_ACK_WAIT_MS: "2000",
        ACTIVITY_CORE_BATCH_SIZE: "4",
      }),
    });
  }

  const exited = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  it("loses no task and duplicates none when SIGKILLed mid-stream, and stops cleanly on SIGTERM", async () => {
    const count = 80;
    const envelopes = Array.from({ length: count }, (_, i) => repoRegistered(`acme/proc-${i}`));
    for (const envelope of envelopes) await publishEnvelope(publisher, envelope);

    const first = startProcess();
    await waitFor(async () => (await store.countTasks().catch(() => 0)) >= 5, "some tasks before the kill");
    const killed = exited(first);
    first.kill("SIGKILL");
    await killed;

    const second = startProcess();
    const tasks = await waitFor(
      async () => {
        const rows = await store.listTasks();
        return rows.length >= count && rows;
      },
      `${count} tasks after the restart`,
      25_000,
    );
    expect(new Set(tasks.map((t) => t.eventId))).toEqual(new Set(envelopes.map((e) => e.id)));
    expect(tasks).toHaveLength(count);

    const stopped = exited(second);
    second.kill("SIGTERM");
    expect(await stopped).toBe(0);
  });
});
