import { openTestPglite, openTestPostgres, type TestDatabase } from "@statehub/api/testing";
import { realPostgresAvailable } from "@statehub/testing";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { captureLogger } from "../../test/events/support/logger.js";
import { startEmbeddedVacuum } from "./embedded-vacuum.js";

/** What the relay and retention do to the outbox for `rows` events: insert, mark, prune. */
async function eventsComeAndGo(testDb: TestDatabase, rows: number): Promise<void> {
  const db = testDb.database.db;
  await db.execute(sql`
    insert into event_outbox (id, subject, envelope)
    select gen_random_uuid(), 'org.statehub.repo.registered', jsonb_build_object('data', repeat('x', 300))
    from generate_series(1, ${rows})`);
  await db.execute(sql`update event_outbox set published_at = now()`);
  await db.execute(sql`delete from event_outbox`);
}

async function outboxBytes(testDb: TestDatabase): Promise<number> {
  const result = await testDb.database.db.execute(
    sql`select pg_total_relation_size('event_outbox') as bytes`,
  );
  return Number((result as unknown as { rows: { bytes: string | number }[] }).rows[0]?.bytes);
}

describe("vacuuming the embedded database", { timeout: 120_000 }, () => {
  const open: TestDatabase[] = [];
  afterEach(async () => {
    for (const testDb of open.splice(0)) await testDb.cleanup().catch(() => {});
  });

  it("lets PGlite reuse the space of pruned events instead of growing with every event", async () => {
    const testDb = await openTestPglite();
    open.push(testDb);
    const job = startEmbeddedVacuum({ database: testDb.database, logger: captureLogger().logger });
    const sizes: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      await eventsComeAndGo(testDb, 5_000);
      await expect(job.runOnce()).resolves.toBe(true);
      sizes.push(await outboxBytes(testDb));
    }
    await job.stop();
    // The first rounds size the file for one round's rows; from then on the space is reused.
    // Unvacuumed, each round adds its 5,000 dead rows (about 5.5 MB) to the file.
    expect(sizes[4]).toBeLessThanOrEqual((sizes[1] ?? 0) * 1.1);
  });

  it("tells PGlite's planner how big a table has become", async () => {
    const testDb = await openTestPglite();
    open.push(testDb);
    await testDb.database.db.execute(sql`
      insert into event_outbox (id, subject, envelope)
      select gen_random_uuid(), 'org.statehub.repo.registered', '{}'::jsonb from generate_series(1, 5000)`);
    const estimate = async () => {
      const result = await testDb.database.db.execute(
        sql`select reltuples from pg_class where relname = 'event_outbox'`,
      );
      return Number((result as unknown as { rows: { reltuples: number }[] }).rows[0]?.reltuples);
    };
    expect(await estimate()).toBeLessThan(1);
    const job = startEmbeddedVacuum({ database: testDb.database, logger: captureLogger().logger });
    await job.runOnce();
    await job.stop();
    expect(await estimate()).toBe(5000);
  });

  it("runs on its own a while after start, then at every interval", async () => {
    const testDb = await openTestPglite();
    open.push(testDb);
    const { logger, lines } = captureLogger();
    const job = startEmbeddedVacuum({ database: testDb.database, logger, firstRunMs: 50, intervalMs: 400 });
    const vacuumed = () => lines().filter((line) => line.msg === "embedded database vacuumed").length;
    await expect.poll(vacuumed, { timeout: 10_000 }).toBe(1);
    await expect.poll(vacuumed, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await job.stop();
  });

  it("logs a failed vacuum as a warning and does not throw", async () => {
    const testDb = await openTestPglite();
    const { logger, lines } = captureLogger();
    const job = startEmbeddedVacuum({ database: testDb.database, logger });
    await testDb.cleanup();
    await expect(job.runOnce()).resolves.toBe(false);
    await job.stop();
    expect(lines()).toContainEqual(
      expect.objectContaining({ level: 40, msg: "embedded database: vacuum failed; will retry" }),
    );
  });

  it.runIf(realPostgresAvailable())("leaves PostgreSQL to its autovacuum", async () => {
    const testDb = await openTestPostgres();
    open.push(testDb);
    const { logger, lines } = captureLogger();
    const job = startEmbeddedVacuum({ database: testDb.database, logger });
    await expect(job.runOnce()).resolves.toBe(false);
    await job.stop();
    expect(lines()).toEqual([]);
  });
});
