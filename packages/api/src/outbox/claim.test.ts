import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { databaseTargets, type TestDatabase } from "../testing/databases.js";
import { clearOutbox, recordTestEvents, setOutboxRow } from "../testing/outbox.js";
import { type ClaimedBatch, withClaimedBatch } from "./claim.js";

const NOW = new Date("2026-06-30T12:00:00.000Z");
const LATER = new Date("2026-06-30T12:00:05.000Z");
const EARLIER = new Date("2026-06-30T11:59:55.000Z");

describe.each(databaseTargets())("claiming outbox rows on $name", ({ name, open }) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await open();
  });
  afterAll(() => testDb.cleanup());
  beforeEach(() => clearOutbox(testDb.database));

  const claim = (options: { limit?: number; ignoreSchedule?: boolean } = {}): Promise<ClaimedBatch> =>
    withClaimedBatch(
      testDb.database,
      { limit: options.limit ?? 100, now: NOW, ...options },
      async (batch) => batch,
    );
  const ids = (batch: ClaimedBatch) => batch.rows.map((r) => r.id);

  it("hands out unpublished rows oldest first, as published, up to the limit", async () => {
    const [a, b, c, d] = await recordTestEvents(testDb.database, 4);
    await setOutboxRow(testDb.database, b ?? "", { publishedAt: EARLIER, streamSequence: 1 });
    expect(ids(await claim({ limit: 2 }))).toEqual([a, c]);
    const batch = await claim();
    expect(ids(batch)).toEqual([a, c, d]);
    expect(batch.headDueAt).toBeUndefined();
    const row = batch.rows[0];
    expect(row).toMatchObject({
      id: a,
      subject: "org.statehub.repo.registered",
      attempts: 0,
      refusals: 0,
      nextAttemptAt: null,
    });
    const [p1, p3, p4] = batch.rows.map((r) => r.position);
    expect([(p3 ?? 0) - (p1 ?? 0), (p4 ?? 0) - (p1 ?? 0)]).toEqual([2, 3]);
    expect(JSON.parse(row?.payload ?? "{}")).toMatchObject({ id: a, type: "org.statehub.repo.registered" });
  });

  it("a row backing off blocks the rows behind it, and tells when it is due", async () => {
    const [a, b, c] = await recordTestEvents(testDb.database, 3);
    await setOutboxRow(testDb.database, b ?? "", { attempts: 1, lastError: "timeout", nextAttemptAt: LATER });
    const batch = await claim();
    expect(ids(batch)).toEqual([a]);
    expect(batch.headDueAt).toEqual(LATER);
    await setOutboxRow(testDb.database, a ?? "", { publishedAt: NOW, streamSequence: 1 });
    const blocked = await claim();
    expect(ids(blocked)).toEqual([]);
    expect(blocked.headDueAt).toEqual(LATER);
    expect(ids(await claim({ ignoreSchedule: true }))).toEqual([b, c]);
  });

  it("a row whose retry time has come is due (the boundary included)", async () => {
    const [a, b] = await recordTestEvents(testDb.database, 2);
    await setOutboxRow(testDb.database, a ?? "", { attempts: 2, nextAttemptAt: NOW });
    await setOutboxRow(testDb.database, b ?? "", { attempts: 1, nextAttemptAt: EARLIER });
    const batch = await claim();
    expect(ids(batch)).toEqual([a, b]);
    expect(batch.rows.map((r) => [r.attempts, r.nextAttemptAt])).toEqual([
      [2, NOW],
      [1, EARLIER],
    ]);
  });

  it("a parked row never blocks and is never handed out, whatever the schedule", async () => {
    const [a, b] = await recordTestEvents(testDb.database, 2);
    await setOutboxRow(testDb.database, a ?? "", {
      refusals: 3,
      parkedAt: EARLIER,
      parkedReason: "too large",
    });
    expect(ids(await claim())).toEqual([b]);
    expect(ids(await claim({ ignoreSchedule: true }))).toEqual([b]);
  });

  it("a refused row waiting for its retry steps aside; once due, or when told to ignore the schedule, it is handed out", async () => {
    const [a, b, c] = await recordTestEvents(testDb.database, 3);
    await setOutboxRow(testDb.database, a ?? "", { refusals: 1, attempts: 1, nextAttemptAt: LATER });
    await setOutboxRow(testDb.database, b ?? "", { refusals: 2, attempts: 2, nextAttemptAt: NOW });
    const batch = await claim();
    expect(ids(batch)).toEqual([b, c]);
    expect(batch.headDueAt).toBeUndefined();
    expect(batch.rows[0]?.refusals).toBe(2);
    expect(ids(await claim({ ignoreSchedule: true }))).toEqual([a, b, c]);
    // A page of refused rows does not hide the due rows behind it.
    expect(ids(await claim({ limit: 1 }))).toEqual([b]);
  });

  it("publishes after a refused row that is no longer refusing: one with no retry time is due", async () => {
    const [a] = await recordTestEvents(testDb.database, 1);
    await setOutboxRow(testDb.database, a ?? "", { refusals: 1, nextAttemptAt: null });
    expect(ids(await claim())).toEqual([a]);
  });

  it.runIf(name === "postgres")(
    "two concurrent claims never share a row (FOR UPDATE SKIP LOCKED)",
    async () => {
      const all = await recordTestEvents(testDb.database, 6);
      const other = await testDb.openAnother();
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let first: string[] = [];
      const holding = withClaimedBatch(testDb.database, { limit: 4, now: NOW }, async (batch) => {
        first = ids(batch);
        await held;
      });
      await expect.poll(() => first.length).toBe(4);
      const second = await withClaimedBatch(other, { limit: 100, now: NOW }, async (batch) => ids(batch));
      release();
      await holding;
      expect(first).toEqual(all.slice(0, 4));
      expect(second).toEqual(all.slice(4));
    },
  );

  it.runIf(name === "postgres")(
    "holds the claim until the work is done, and commits what the work wrote",
    async () => {
      const [a] = await recordTestEvents(testDb.database, 1);
      await withClaimedBatch(testDb.database, { limit: 10, now: NOW }, async (_batch, tx) => {
        await tx.execute(sql`update event_outbox set attempts = 7 where id = ${a}`);
      });
      const batch = await claim();
      expect(batch.rows[0]?.attempts).toBe(7);
    },
  );
});
