import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { databaseTargets, type TestDatabase } from "../testing/databases.js";
import { clearOutbox, outboxRows, recordTestEvents, setOutboxRow } from "../testing/outbox.js";
import { pruneOutbox } from "./retention.js";

const NOW = new Date("2026-06-30T00:00:00.000Z");

describe.each(databaseTargets())("outbox retention on $name", ({ open }) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await open();
  });
  afterAll(() => testDb.cleanup());
  beforeEach(() => clearOutbox(testDb.database));

  const left = async () => (await outboxRows(testDb.database)).map((r) => r.id);
  const published = (id: string | undefined, at: string) =>
    setOutboxRow(testDb.database, id ?? "", { publishedAt: new Date(at), streamSequence: 1 });

  it("prunes rows published before now − 7 days; one published exactly then stays", async () => {
    const [before, exactly, after, unpublished, parked] = await recordTestEvents(testDb.database, 5);
    await published(before, "2026-06-22T23:59:59.999Z");
    await published(exactly, "2026-06-23T00:00:00.000Z");
    await published(after, "2026-06-29T00:00:00.000Z");
    await setOutboxRow(testDb.database, unpublished ?? "", {
      createdAt: new Date("2025-01-01T00:00:00.000Z"),
    });
    await setOutboxRow(testDb.database, parked ?? "", {
      createdAt: new Date("2025-01-01T00:00:00.000Z"),
      parkedAt: new Date("2025-01-02T00:00:00.000Z"),
      parkedReason: "too large",
    });
    expect(await pruneOutbox(testDb.database.db, { retentionDays: 7, now: NOW })).toBe(1);
    expect(await left()).toEqual([exactly, after, unpublished, parked]);
  });

  it("a retention of 1 day keeps the last day only", async () => {
    const [old, recent] = await recordTestEvents(testDb.database, 2);
    await published(old, "2026-06-28T23:00:00.000Z");
    await published(recent, "2026-06-29T01:00:00.000Z");
    expect(await pruneOutbox(testDb.database.db, { retentionDays: 1, now: NOW })).toBe(1);
    expect(await left()).toEqual([recent]);
  });

  it("retentionDays 0 (or less) keeps every row, however old", async () => {
    const [a, b] = await recordTestEvents(testDb.database, 2);
    await published(a, "2016-01-01T00:00:00.000Z");
    await published(b, "2026-06-29T23:59:59.000Z");
    expect(await pruneOutbox(testDb.database.db, { retentionDays: 0, now: NOW })).toBe(0);
    expect(await pruneOutbox(testDb.database.db, { retentionDays: -1, now: NOW })).toBe(0);
    expect(await left()).toEqual([a, b]);
  });

  it("deletes in batches of batchSize until none is left, at most maxBatches of them", async () => {
    const ids = await recordTestEvents(testDb.database, 5);
    for (const id of ids) await published(id, "2026-01-01T00:00:00.000Z");
    expect(
      await pruneOutbox(testDb.database.db, { retentionDays: 7, now: NOW, batchSize: 2, maxBatches: 1 }),
    ).toBe(2);
    expect(await left()).toEqual(ids.slice(2));
    expect(await pruneOutbox(testDb.database.db, { retentionDays: 7, now: NOW, batchSize: 2 })).toBe(3);
    expect(await left()).toEqual([]);
  });

  it("by default deletes every old row in one call", async () => {
    const ids = await recordTestEvents(testDb.database, 3);
    for (const id of ids) await published(id, "2026-01-01T00:00:00.000Z");
    expect(await pruneOutbox(testDb.database.db, { retentionDays: 7, now: NOW })).toBe(3);
    expect(await left()).toEqual([]);
  });
});
