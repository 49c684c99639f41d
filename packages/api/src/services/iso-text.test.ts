import { tasks } from "@statehub/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseTargets, type TestDatabase } from "../testing/databases.js";
import { isoText, isoTextOrNull } from "./iso-text.js";

// What `Date.prototype.toISOString` writes for each stored instant (milliseconds truncated, as
// JavaScript truncates a finer timestamp when it parses one), written out literally.
const INSTANTS: [stored: string, iso: string][] = [
  ["2026-12-03 10:19:44.123+00", "2026-12-03T10:19:44.123Z"],
  ["2026-12-03 10:19:44.123456+00", "2026-12-03T10:19:44.123Z"],
  ["2026-12-03 23:59:59.999999+00", "2026-12-03T23:59:59.999Z"],
  ["2026-01-01 00:30:00+02", "2025-12-31T22:30:00.000Z"],
  ["2026-06-30 12:00:00-07:30", "2026-06-30T19:30:00.000Z"],
  ["1969-12-31 23:59:59.5+00", "1969-12-31T23:59:59.500Z"],
];

describe.each(databaseTargets())("timestamps formatted by the database on $name", ({ open }) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await open();
  });
  afterAll(() => testDb?.cleanup());

  it.each(INSTANTS)("%s is written %s, whatever the session's time zone", async (stored, expected) => {
    const db = testDb.database.db;
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local time zone 'Asia/Kolkata'`);
      const [row] = await tx
        .select({ at: isoText(tasks.createdAt) })
        .from(sql`(select ${stored}::timestamptz as created_at) as tasks`);
      expect(row?.at).toBe(expected);
    });
  });

  it("null stays null", async () => {
    const [row] = await testDb.database.db
      .select({ at: isoTextOrNull(tasks.staleFlaggedAt) })
      .from(sql`(select null::timestamptz as stale_flagged_at) as tasks`);
    expect(row?.at).toBeNull();
  });
});
