import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { markRefused } from "@statehub/api/outbox";
import { type Database, eventOutbox, openPglite, openPostgres } from "@statehub/db";
import { createFreshDatabase, type FreshDatabase } from "@statehub/testing";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordRepoEvent } from "./events/support/events.js";
import { CLI, runCli } from "./support/cli.js";

const REASON = "payload too large: the event is 1600 bytes, over the NATS server's max_payload";

/** The database the CLI runs on: a fresh Postgres database, or a PGlite directory of its own. */
async function cliDatabase(): Promise<{
  env: Record<string, string>;
  open(): Promise<Database>;
  drop(): Promise<void>;
}> {
  if (process.env.DATABASE_URL) {
    const fresh: FreshDatabase = await createFreshDatabase();
    return {
      env: { DATABASE_URL: fresh.url },
      open: () => openPostgres({ url: fresh.url, max: 2 }),
      drop: () => fresh.drop(),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "statehub-cli-outbox-"));
  return {
    env: { STATEHUB_DATA_DIR: dir },
    open: () => openPglite({ dataDir: dir }),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

describe.runIf(existsSync(CLI))("statehub outbox parked | retry | discard", { timeout: 180_000 }, () => {
  let target: Awaited<ReturnType<typeof cliDatabase>>;
  const ids: { parkedA: string; parkedB: string; pending: string } = {
    parkedA: "",
    parkedB: "",
    pending: "",
  };

  /** Runs `work` on the CLI's database while no CLI process has it open (PGlite has one owner). */
  async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
    const database = await target.open();
    try {
      await database.migrate();
      return await work(database);
    } finally {
      await database.close();
    }
  }

  const rows = () =>
    withDatabase((database) =>
      database.db
        .select({
          id: eventOutbox.id,
          parkedAt: eventOutbox.parkedAt,
          refusals: eventOutbox.refusals,
          nextAttemptAt: eventOutbox.nextAttemptAt,
        })
        .from(eventOutbox)
        .orderBy(asc(eventOutbox.position)),
    );

  beforeAll(async () => {
    target = await cliDatabase();
    await withDatabase(async (database) => {
      ids.parkedA = (await recordRepoEvent(database, "org/parked-a")).id;
      ids.parkedB = (await recordRepoEvent(database, "org/parked-b")).id;
      ids.pending = (await recordRepoEvent(database, "org/pending")).id;
      const parked = await markRefused(
        database.db,
        [ids.parkedA, ids.parkedB].map((id) => ({ id, reason: REASON })),
        new Date("2026-06-30T12:00:00.000Z"),
        { parkAfterRefusals: 1, refusalRetryMs: 1_000 },
      );
      expect(parked.parked).toHaveLength(2);
    });
  }, 60_000);
  afterAll(() => target?.drop());

  it("refuses bad arguments with exit code 2, before touching the database", async () => {
    // Every case of the argument rules is in src/commands/outbox.test.ts; this is the wiring.
    const run = await runCli(["outbox", "retry"], { DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" });
    expect({ code: run.code, stderr: run.stderr.trim() }).toEqual({
      code: 2,
      stderr: "statehub: name the parked events to retry (ids), or --all",
    });
  });

  it("lists parked events, discards only parked ones, retries by id and --all", async () => {
    const listed = await runCli(["outbox", "parked"], target.env);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split("\n");
    expect(lines[0]).toBe("2 parked event(s):");
    expect(lines.slice(1).map((line) => line.trim().split(/\s+/)[0])).toEqual([ids.parkedA, ids.parkedB]);
    for (const line of lines.slice(1)) {
      expect(line).toContain("org.statehub.repo.registered");
      expect(line).toContain("parked 2026-06-30T12:00:00.000Z");
      expect(line).toContain(`attempts 1  ${REASON}`);
    }

    const pending = await runCli(["outbox", "discard", ids.parkedB, ids.pending], target.env);
    expect(pending.code).toBe(1);
    expect(pending.stderr.trim()).toBe(
      `statehub: event ${ids.pending} is pending: only parked events can be discarded`,
    );
    const unknown = "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d99";
    const missing = await runCli(["outbox", "retry", ids.parkedA, unknown], target.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`statehub: event ${unknown} not found`);
    // Refused calls changed nothing.
    expect((await rows()).map((r) => r.parkedAt !== null)).toEqual([true, true, false]);

    const retried = await runCli(["outbox", "retry", ids.parkedA.toUpperCase(), ids.pending], target.env);
    expect(retried.code).toBe(0);
    expect(retried.stdout.trim()).toBe(
      `retried 1 event(s)\n  ${ids.parkedA}\nnot parked (left as they are): ${ids.pending}`,
    );
    const discarded = await runCli(["outbox", "discard", ids.parkedB], target.env);
    expect(discarded.code).toBe(0);
    expect(discarded.stdout.trim()).toBe(`discarded 1 event(s)\n  ${ids.parkedB}`);

    expect(await rows()).toEqual([
      { id: ids.parkedA, parkedAt: null, refusals: 0, nextAttemptAt: null },
      { id: ids.pending, parkedAt: null, refusals: 0, nextAttemptAt: null },
    ]);
    const none = await runCli(["outbox", "parked"], target.env);
    expect(none.stdout.trim()).toBe("no parked events");
    const all = await runCli(["outbox", "retry", "--all"], target.env);
    expect(all.stdout.trim()).toBe("retried 0 event(s)");
    expect(
      await withDatabase((d) => d.db.select().from(eventOutbox).where(eq(eventOutbox.id, ids.parkedB))),
    ).toEqual([]);
  });
});
