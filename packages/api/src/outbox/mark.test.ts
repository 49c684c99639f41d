import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { databaseTargets, type TestDatabase } from "../testing/databases.js";
import { clearOutbox, outboxRow, outboxRows, recordTestEvents, setOutboxRow } from "../testing/outbox.js";
import { markFailed, markPublished } from "./mark.js";
import { markRefused } from "./park.js";

const NOW = new Date("2026-06-30T12:00:00.000Z");
const RETRY_AT = new Date("2026-06-30T12:00:02.500Z");
const POLICY = { parkAfterRefusals: 3, refusalRetryMs: 1_000 };

describe.each(databaseTargets())("marking outbox rows on $name", ({ open }) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await open();
  });
  afterAll(() => testDb.cleanup());
  beforeEach(() => clearOutbox(testDb.database));

  const untouched = {
    attempts: 0,
    refusals: 0,
    lastError: null,
    nextAttemptAt: null,
    publishedAt: null,
    streamSequence: null,
    parkedAt: null,
    parkedReason: null,
  };
  const state = async (id: string | undefined) => {
    const row = await outboxRow(testDb.database, id ?? "");
    return {
      attempts: row?.attempts,
      refusals: row?.refusals,
      lastError: row?.lastError,
      nextAttemptAt: row?.nextAttemptAt,
      publishedAt: row?.publishedAt,
      streamSequence: row?.streamSequence,
      parkedAt: row?.parkedAt,
      parkedReason: row?.parkedReason,
    };
  };

  it("markPublished records each acked row's stream sequence and clears its failure; other rows untouched", async () => {
    const [a, b, c] = await recordTestEvents(testDb.database, 3);
    await setOutboxRow(testDb.database, b ?? "", {
      attempts: 2,
      refusals: 1,
      lastError: "timeout",
      nextAttemptAt: NOW,
    });
    await markPublished(
      testDb.database.db,
      [
        { id: a ?? "", streamSequence: 41 },
        { id: b ?? "", streamSequence: 42 },
      ],
      NOW,
    );
    expect(await state(a)).toEqual({ ...untouched, attempts: 1, publishedAt: NOW, streamSequence: 41 });
    expect(await state(b)).toEqual({ ...untouched, attempts: 3, publishedAt: NOW, streamSequence: 42 });
    expect(await state(c)).toEqual(untouched);
    await markPublished(testDb.database.db, [], NOW);
    expect(await state(c)).toEqual(untouched);
  });

  it("markFailed touches only its rows: one more attempt, the error, the retry time", async () => {
    const [a, b, c] = await recordTestEvents(testDb.database, 3);
    await setOutboxRow(testDb.database, b ?? "", { attempts: 4 });
    await markFailed(testDb.database.db, [a ?? "", b ?? ""], "TimeoutError: timeout", RETRY_AT);
    expect(await state(a)).toEqual({
      ...untouched,
      attempts: 1,
      lastError: "TimeoutError: timeout",
      nextAttemptAt: RETRY_AT,
    });
    expect(await state(b)).toEqual({
      ...untouched,
      attempts: 5,
      lastError: "TimeoutError: timeout",
      nextAttemptAt: RETRY_AT,
    });
    expect(await state(c)).toEqual(untouched);
    await markFailed(testDb.database.db, [], "nothing", RETRY_AT);
    expect(await state(c)).toEqual(untouched);
  });

  it("keeps at most 1,000 characters of an error", async () => {
    const [a, b] = await recordTestEvents(testDb.database, 2);
    await markFailed(testDb.database.db, [a ?? ""], "x".repeat(1_500), RETRY_AT);
    await markRefused(testDb.database.db, [{ id: b ?? "", reason: "y".repeat(1_500) }], NOW, {
      ...POLICY,
      parkAfterRefusals: 1,
    });
    const rows = await outboxRows(testDb.database);
    expect(rows.map((r) => [r.lastError?.length, r.parkedReason?.length ?? null])).toEqual([
      [1_000, null],
      [1_000, 1_000],
    ]);
  });

  it("a refusal retries the row after 1 s, then 2 s (doubling), and parks it on the third, with its reason", async () => {
    const [a, b] = await recordTestEvents(testDb.database, 2);
    const refuse = (at: string) =>
      markRefused(testDb.database.db, [{ id: a ?? "", reason: "too large" }], new Date(at), POLICY);

    expect(await refuse("2026-06-30T12:00:00.000Z")).toEqual({
      parked: [],
      nextRetryAt: new Date("2026-06-30T12:00:01.000Z"),
    });
    expect(await state(a)).toEqual({
      ...untouched,
      attempts: 1,
      refusals: 1,
      lastError: "too large",
      nextAttemptAt: new Date("2026-06-30T12:00:01.000Z"),
    });

    expect(await refuse("2026-06-30T12:00:01.100Z")).toEqual({
      parked: [],
      nextRetryAt: new Date("2026-06-30T12:00:03.100Z"),
    });
    expect(await state(a)).toMatchObject({
      attempts: 2,
      refusals: 2,
      nextAttemptAt: new Date("2026-06-30T12:00:03.100Z"),
      parkedAt: null,
    });

    expect(await refuse("2026-06-30T12:00:03.200Z")).toEqual({
      parked: [{ id: a, subject: "org.statehub.repo.registered", reason: "too large", attempts: 3 }],
      nextRetryAt: undefined,
    });
    expect(await state(a)).toEqual({
      ...untouched,
      attempts: 3,
      refusals: 3,
      lastError: "too large",
      parkedAt: new Date("2026-06-30T12:00:03.200Z"),
      parkedReason: "too large",
    });
    expect(await state(b)).toEqual(untouched);
  });

  it("counts refusals apart from transient failures: a row that timed out before is not parked sooner", async () => {
    const [a] = await recordTestEvents(testDb.database, 1);
    await setOutboxRow(testDb.database, a ?? "", { attempts: 5, lastError: "timeout", nextAttemptAt: NOW });
    const outcome = await markRefused(
      testDb.database.db,
      [{ id: a ?? "", reason: "no stream" }],
      NOW,
      POLICY,
    );
    expect(outcome.parked).toEqual([]);
    expect(await state(a)).toMatchObject({ attempts: 6, refusals: 1, parkedAt: null });
  });

  it("reports the earliest retry among several refused rows, and the rows it parked", async () => {
    const [a, b, c] = await recordTestEvents(testDb.database, 3);
    await setOutboxRow(testDb.database, b ?? "", { refusals: 1 });
    await setOutboxRow(testDb.database, c ?? "", { refusals: 2 });
    for (const order of [
      [a, b, c],
      [c, b, a],
    ]) {
      await setOutboxRow(testDb.database, a ?? "", { refusals: 0, parkedAt: null });
      await setOutboxRow(testDb.database, b ?? "", { refusals: 1, parkedAt: null });
      await setOutboxRow(testDb.database, c ?? "", { refusals: 2, parkedAt: null });
      const outcome = await markRefused(
        testDb.database.db,
        order.map((id) => ({ id: id ?? "", reason: `refused ${id}` })),
        NOW,
        POLICY,
      );
      expect(outcome.nextRetryAt).toEqual(new Date("2026-06-30T12:00:01.000Z"));
      expect(outcome.parked.map((p) => [p.id, p.reason])).toEqual([[c, `refused ${c}`]]);
    }
    expect(await markRefused(testDb.database.db, [], NOW, POLICY)).toEqual({
      parked: [],
      nextRetryAt: undefined,
    });
  });

  it("the earliest retry is reported even when a later row holds it", async () => {
    const [a, b] = await recordTestEvents(testDb.database, 2);
    await setOutboxRow(testDb.database, a ?? "", { refusals: 1 });
    await setOutboxRow(testDb.database, b ?? "", { refusals: 0 });
    const outcome = await markRefused(
      testDb.database.db,
      [
        { id: a ?? "", reason: "refused a" },
        { id: b ?? "", reason: "refused b" },
      ],
      NOW,
      POLICY,
    );
    // a: its second refusal, due in 2 s; b: its first, due in 1 s.
    expect(outcome).toEqual({ parked: [], nextRetryAt: new Date("2026-06-30T12:00:01.000Z") });
  });

  it("parks at once with a policy of one refusal", async () => {
    const [a] = await recordTestEvents(testDb.database, 1);
    const outcome = await markRefused(testDb.database.db, [{ id: a ?? "", reason: "not permitted" }], NOW, {
      parkAfterRefusals: 1,
      refusalRetryMs: 1_000,
    });
    expect(outcome.parked.map((p) => p.id)).toEqual([a]);
    expect(await state(a)).toMatchObject({
      parkedAt: NOW,
      parkedReason: "not permitted",
      nextAttemptAt: null,
    });
  });
});
