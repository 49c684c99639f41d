import { type Database, domains, eventOutbox, tasks, workstreams } from "@statehub/db";
import { parseEnvelope, uuidv7 } from "@statehub/events";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../clock.js";
import { openDefaultTestDatabase, type TestDatabase } from "../testing/databases.js";
import type { ServiceDeps } from "./deps.js";
import { createStaleTaskService, flagStaleTasks } from "./stale-tasks.js";
import { createTaskService } from "./tasks.js";

const TEST_ORIGIN = { source: "/statehub-test", actor: "tester" };

describe("stale-task check", { timeout: 30_000 }, () => {
  let testDb: TestDatabase;
  let database: Database;
  let clock: ManualClock;
  let deps: ServiceDeps;
  let workstreamId: string;
  let commits = 0;

  beforeAll(async () => {
    testDb = await openDefaultTestDatabase();
    database = testDb.database;
    const [domain] = await database.db
      .insert(domains)
      .values({ slug: "platform", name: "Platform" })
      .returning();
    const [ws] = await database.db
      .insert(workstreams)
      .values({ key: "ws-stale", title: "Stale work", domainId: domain?.id ?? "" })
      .returning();
    workstreamId = ws?.id ?? "";
  }, 60_000);
  afterAll(() => testDb?.cleanup());
  beforeEach(async () => {
    await database.db.delete(eventOutbox);
    await database.db.delete(tasks);
    clock = new ManualClock("2026-03-01T12:00:00.000Z");
    commits = 0;
    deps = { db: database.db, clock, onEventsCommitted: () => (commits += 1) };
  });

  async function task(key: string, status: (typeof tasks.$inferInsert)["status"], daysAgo: number) {
    const at = new Date(clock.now().getTime() - daysAgo * 86_400_000);
    const [row] = await database.db
      .insert(tasks)
      .values({ id: uuidv7(), workstreamId, key, title: `Task ${key}`, status, createdAt: at, updatedAt: at })
      .returning();
    if (!row) throw new Error("insert failed");
    return row;
  }

  const staleEvents = async () =>
    (await database.db.select().from(eventOutbox).orderBy(asc(eventOutbox.position))).filter(
      (row) => row.subject === "org.statehub.task.stale",
    );

  it("flags open tasks untouched for the threshold, once, without changing their status", async () => {
    const old = await task("old", "in_progress", 20);
    await task("done", "done", 40);
    await task("cancelled", "cancelled", 40);
    await task("fresh", "todo", 3);
    const edge = await task("edge", "blocked", 14);

    const result = await flagStaleTasks(deps, TEST_ORIGIN);
    expect(result.flagged.map((t) => t.key)).toEqual(["old", "edge"]);
    expect(result).toMatchObject({ thresholdDays: 14, dryRun: false });
    expect(commits).toBe(1);

    const events = await staleEvents();
    expect(events).toHaveLength(2);
    const parsed = parseEnvelope(events[0]?.envelope);
    expect(parsed.ok).toBe(true);
    expect(events[0]?.envelope).toMatchObject({
      type: "org.statehub.task.stale",
      subject: old.id,
      actor: "tester",
      time: clock.now().toISOString(),
      data: {
        taskId: old.id,
        key: "old",
        title: "Task old",
        status: "in_progress",
        workstreamId,
        lastUpdatedAt: old.updatedAt.toISOString(),
        thresholdDays: 14,
      },
    });

    const after = await database.db.select().from(tasks).where(eq(tasks.id, edge.id));
    expect(after[0]).toMatchObject({ status: "blocked", updatedAt: edge.updatedAt });
    expect(after[0]?.staleFlaggedAt?.toISOString()).toBe(clock.now().toISOString());

    // Run again: same episode, nothing new.
    expect((await flagStaleTasks(deps, TEST_ORIGIN)).flagged).toEqual([]);
    expect(await staleEvents()).toHaveLength(2);
  });

  it("flags a task again after it was updated and left stale again (a new episode)", async () => {
    const row = await task("again", "todo", 30);
    await flagStaleTasks(deps, TEST_ORIGIN);
    clock.advanceDays(1);
    await createTaskService(deps).update({ id: row.id, title: "Renamed" }, TEST_ORIGIN);
    expect((await flagStaleTasks(deps, TEST_ORIGIN)).flagged).toEqual([]);
    clock.advanceDays(15);
    const second = await flagStaleTasks(deps, TEST_ORIGIN);
    expect(second.flagged.map((t) => t.title)).toEqual(["Renamed"]);
    expect((await staleEvents()).map((e) => (e.envelope as { subject: string }).subject)).toEqual([
      row.id,
      row.id,
    ]);
  });

  it("a dry run reports what it would flag and writes nothing", async () => {
    await task("a", "todo", 20);
    await task("b", "todo", 20);
    const result = await flagStaleTasks(deps, TEST_ORIGIN, { dryRun: true, thresholdDays: 10 });
    expect(result.dryRun).toBe(true);
    expect(result.flagged.map((t) => t.key)).toEqual(["a", "b"]);
    expect(result.flagged.every((t) => t.eventId === undefined)).toBe(true);
    expect(await staleEvents()).toHaveLength(0);
    const rows = await database.db.select().from(tasks);
    expect(rows.every((r) => r.staleFlaggedAt === null)).toBe(true);
    expect(commits).toBe(0);
  });

  it("two runs at once record one event per task", async () => {
    for (let i = 0; i < 30; i += 1) await task(`c${i}`, "todo", 20);
    const other: ServiceDeps = process.env.DATABASE_URL
      ? { ...deps, db: (await testDb.openAnother()).db }
      : deps;
    const [a, b] = await Promise.all([
      flagStaleTasks(deps, TEST_ORIGIN, { batchSize: 7 }),
      flagStaleTasks(other, TEST_ORIGIN, { batchSize: 7 }),
    ]);
    expect(a.flagged.length + b.flagged.length).toBe(30);
    const subjects = (await staleEvents()).map((e) => (e.envelope as { subject: string }).subject);
    expect(subjects).toHaveLength(30);
    expect(new Set(subjects).size).toBe(30);
  });

  it("never claims a finished task, however old: its stale_flagged_at stays null", async () => {
    const done = await task("done-old", "done", 60);
    const cancelled = await task("cancelled-old", "cancelled", 60);
    const open = await task("open-old", "todo", 60);
    // Batches of one: a finished task claimed first would end the run before the open one.
    const result = await flagStaleTasks(deps, TEST_ORIGIN, { batchSize: 1 });
    expect(result.flagged.map((t) => t.key)).toEqual(["open-old"]);
    const rows = await database.db.select().from(tasks).orderBy(asc(tasks.key));
    expect(rows.map((r) => [r.key, r.staleFlaggedAt?.toISOString() ?? null])).toEqual([
      ["cancelled-old", null],
      ["done-old", null],
      ["open-old", clock.now().toISOString()],
    ]);
    expect([done.id, cancelled.id]).not.toContain(result.flagged[0]?.taskId);
    expect(result.flagged[0]?.taskId).toBe(open.id);
    expect((await flagStaleTasks(deps, TEST_ORIGIN, { dryRun: true })).flagged).toEqual([]);
  });

  it("flags in batches until none is left, oldest first, one commit per batch", async () => {
    for (const [key, days] of [
      ["d30", 30],
      ["d20", 20],
      ["d25", 25],
      ["d40", 40],
      ["d15", 15],
    ] as const) {
      await task(key, "todo", days);
    }
    const result = await flagStaleTasks(deps, TEST_ORIGIN, { batchSize: 2 });
    expect(result.flagged.map((t) => t.key)).toEqual(["d40", "d30", "d25", "d20", "d15"]);
    expect(result.cutoff).toBe("2026-02-15T12:00:00.000Z");
    expect(commits).toBe(3);
    expect((await staleEvents()).map((e) => (e.envelope as { data: { key: string } }).data.key)).toEqual([
      "d40",
      "d30",
      "d25",
      "d20",
      "d15",
    ]);
  });

  it("refuses a threshold below one day", async () => {
    await expect(flagStaleTasks(deps, TEST_ORIGIN, { thresholdDays: 0 })).rejects.toThrow(RangeError);
    await expect(flagStaleTasks(deps, TEST_ORIGIN, { thresholdDays: 0 })).rejects.toThrow(
      "thresholdDays must be a positive integer (got 0)",
    );
  });
  it("uses the service's configured default threshold when the caller names none", async () => {
    await task("five-days", "todo", 5);
    await task("two-days", "todo", 2);
    const service = createStaleTaskService(deps, 4);

    const byDefault = await service.flag(TEST_ORIGIN, { dryRun: true });
    expect(byDefault).toMatchObject({ thresholdDays: 4 });
    expect(byDefault.flagged.map((t) => t.key)).toEqual(["five-days"]);
    const explicit = await service.flag(TEST_ORIGIN, { thresholdDays: 1, dryRun: true });
    expect(explicit.flagged.map((t) => t.key)).toEqual(["five-days", "two-days"]);
  });
});
