import { pruneOutbox, recordEvent } from "@statehub/api/outbox";
import { openDefaultTestDatabase as openTestDatabase, type TestDatabase } from "@statehub/api/testing";
import { type Database, eventOutbox } from "@statehub/db";
import { eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recordRepoEvent, TEST_ORIGIN } from "./support/events.js";

describe("outbox", { timeout: 30_000 }, () => {
  let testDb: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    testDb = await openTestDatabase();
    database = testDb.database;
  }, 60_000);
  afterAll(() => testDb?.cleanup());
  beforeEach(() => database.db.delete(eventOutbox));

  it("a rolled-back transaction leaves no event", async () => {
    const failed = database.db.transaction(async (tx) => {
      await recordEvent(
        tx,
        "org.statehub.repo.registered",
        {
          repoId: "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d12",
          name: "org/rolled-back",
          domain: "platform",
          url: null,
          defaultBranch: "main",
        },
        new Date(),
        TEST_ORIGIN,
      );
      throw new Error("the state change failed");
    });
    await expect(failed).rejects.toThrow("the state change failed");
    expect(await database.db.select().from(eventOutbox)).toEqual([]);
  });

  it("retention prunes only published rows older than the period, in batches", async () => {
    const now = new Date("2026-06-30T00:00:00Z");
    const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
    const oldPublished = await Promise.all([1, 2, 3].map(() => recordRepoEvent(database)));
    const recentPublished = await recordRepoEvent(database);
    const oldUnpublished = await recordRepoEvent(database);
    for (const e of oldPublished) {
      await database.db
        .update(eventOutbox)
        .set({ publishedAt: daysAgo(8) })
        .where(eq(eventOutbox.id, e.id));
    }
    await database.db
      .update(eventOutbox)
      .set({ publishedAt: daysAgo(6) })
      .where(eq(eventOutbox.id, recentPublished.id));
    await database.db
      .update(eventOutbox)
      .set({ createdAt: daysAgo(30) })
      .where(eq(eventOutbox.id, oldUnpublished.id));

    const deleted = await pruneOutbox(database.db, { retentionDays: 7, now, batchSize: 2 });
    expect(deleted).toBe(3);
    const left = await database.db.select({ id: eventOutbox.id }).from(eventOutbox);
    expect(new Set(left.map((r) => r.id))).toEqual(new Set([recentPublished.id, oldUnpublished.id]));
    const published = await database.db.select().from(eventOutbox).where(isNotNull(eventOutbox.publishedAt));
    expect(published.map((r) => r.id)).toEqual([recentPublished.id]);
  });
});
