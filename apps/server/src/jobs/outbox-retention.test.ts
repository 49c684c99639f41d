import { ManualClock } from "@statehub/api";
import {
  clearOutbox,
  openDefaultTestDatabase,
  outboxRows,
  recordTestEvents,
  setOutboxRow,
  type TestDatabase,
} from "@statehub/api/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { captureLogger } from "../../test/events/support/logger.js";
import { startOutboxRetention } from "./outbox-retention.js";

const NOW = "2026-06-30T00:00:00.000Z";

describe("the outbox retention worker", { timeout: 60_000 }, () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await openDefaultTestDatabase();
  }, 60_000);
  afterAll(() => testDb?.cleanup());
  beforeEach(() => clearOutbox(testDb.database));

  /** Two rows published 8 days ago (past a 7-day retention), one 6 days ago, one unpublished. */
  async function rows() {
    const [old1, old2, recent, pending] = await recordTestEvents(testDb.database, 4);
    for (const id of [old1, old2])
      await setOutboxRow(testDb.database, id ?? "", {
        publishedAt: new Date("2026-06-22T00:00:00.000Z"),
        streamSequence: 1,
      });
    await setOutboxRow(testDb.database, recent ?? "", {
      publishedAt: new Date("2026-06-24T00:00:00.000Z"),
      streamSequence: 2,
    });
    return { recent, pending };
  }
  const left = async () => (await outboxRows(testDb.database)).map((r) => r.id);

  it("prunes once at start (logging what it deleted), then on its interval, by the hub's clock", async () => {
    const { recent, pending } = await rows();
    const log = captureLogger();
    const clock = new ManualClock(NOW);
    const worker = startOutboxRetention({
      db: testDb.database.db,
      retentionDays: 7,
      clock,
      logger: log.logger,
      intervalMs: 200,
    });
    try {
      expect(worker.name).toBe("outbox retention");
      await expect.poll(left).toEqual([recent, pending]);
      expect(log.lines().map((l) => [l.msg, l.deleted, l.retentionDays])).toEqual([
        ["outbox: pruned published events", 2, 7],
      ]);
      // Two days later the recent row is past the retention too: the schedule prunes it.
      clock.advanceDays(2);
      await expect.poll(left, { timeout: 10_000 }).toEqual([pending]);
      expect(await worker.runOnce()).toBe(0);
      // Nothing deleted, nothing logged.
      expect(log.lines()).toHaveLength(2);
    } finally {
      await worker.stop();
    }
  });

  it("retention 0 keeps every row and schedules nothing", async () => {
    await rows();
    const log = captureLogger();
    const worker = startOutboxRetention({
      db: testDb.database.db,
      retentionDays: 0,
      clock: new ManualClock(NOW),
      logger: log.logger,
      intervalMs: 50,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(worker.name).toBe("outbox retention");
    expect(await worker.runOnce()).toBe(0);
    await worker.stop();
    expect(await left()).toHaveLength(4);
    expect(log.lines().map((l) => l.msg)).toEqual(["outbox retention off: published events are kept"]);
  });

  it("stop ends the schedule", async () => {
    const log = captureLogger();
    const clock = new ManualClock(NOW);
    const worker = startOutboxRetention({
      db: testDb.database.db,
      retentionDays: 7,
      clock,
      logger: log.logger,
      intervalMs: 100,
    });
    await worker.stop();
    await rows();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await left()).toHaveLength(4);
  });

  it("a failed prune is logged and retried on the next turn, never thrown", async () => {
    const log = captureLogger();
    let calls = 0;
    const failing = {
      execute: () => {
        calls += 1;
        return Promise.reject(new Error("database unavailable"));
      },
    } as unknown as typeof testDb.database.db;
    const worker = startOutboxRetention({
      db: failing,
      retentionDays: 7,
      clock: new ManualClock(NOW),
      logger: log.logger,
      intervalMs: 100,
    });
    try {
      await expect.poll(() => calls, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
      expect(await worker.runOnce()).toBe(0);
      expect(log.lines()[0]).toMatchObject({
        level: 40,
        msg: "outbox: pruning failed; will retry",
        err: "Error: database unavailable",
      });
    } finally {
      await worker.stop();
    }
  });

  it("runs one prune at a time: a second call during one shares it", async () => {
    await rows();
    const worker = startOutboxRetention({
      db: testDb.database.db,
      retentionDays: 7,
      clock: new ManualClock(NOW),
      logger: captureLogger().logger,
      intervalMs: 3_600_000,
    });
    try {
      // Both calls come while the start-up prune runs: all three are one prune, deleting 2.
      expect(await Promise.all([worker.runOnce(), worker.runOnce()])).toEqual([2, 2]);
      expect(await left()).toHaveLength(2);
    } finally {
      await worker.stop();
    }
  });
});
