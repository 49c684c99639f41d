import { Registry } from "prom-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../clock.js";
import { ConflictError, NotFoundError } from "../domain/errors.js";
import { databaseTargets, type TestDatabase } from "../testing/databases.js";
import {
  clearOutbox,
  outboxRow,
  recordTestEvent,
  recordTestEvents,
  setOutboxRow,
} from "../testing/outbox.js";
import { registerOutboxMetrics } from "./metrics.js";
import { discardParked, listParked, retryParked } from "./parked.js";
import { createOutboxService } from "./service.js";
import { readOutboxBacklog } from "./status.js";

const T = (hhmmss: string) => new Date(`2026-06-30T${hhmmss}.000Z`);
const UNKNOWN = "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d99";

describe.each(databaseTargets())("parked events and the backlog on $name", ({ open }) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await open();
  });
  afterAll(() => testDb.cleanup());
  beforeEach(() => clearOutbox(testDb.database));

  const park = (id: string | undefined, at: string, reason = "payload too large") =>
    setOutboxRow(testDb.database, id ?? "", {
      refusals: 3,
      attempts: 3,
      lastError: reason,
      parkedAt: T(at),
      parkedReason: reason,
    });
  const publish = (id: string | undefined) =>
    setOutboxRow(testDb.database, id ?? "", { publishedAt: T("11:30:00"), streamSequence: 1, attempts: 1 });

  it("lists parked events only, oldest first, a page at a time", async () => {
    const [a, b, c, d] = await recordTestEvents(testDb.database, 4);
    await park(a, "12:00:00", "first reason");
    await park(c, "12:01:00");
    await park(d, "12:02:00");
    await publish(b);
    const first = await listParked(testDb.database.db, { limit: 2 });
    expect(first.items.map((e) => e.id)).toEqual([a, c]);
    expect(first.items[0]).toEqual({
      id: a,
      subject: "org.statehub.repo.registered",
      envelope: expect.objectContaining({ id: a, type: "org.statehub.repo.registered" }),
      recordedAt: "2026-06-30T11:00:00.000Z",
      attempts: 3,
      lastError: "first reason",
      parkedReason: "first reason",
      parkedAt: "2026-06-30T12:00:00.000Z",
    });
    expect(first.nextCursor).not.toBeNull();
    const second = await listParked(testDb.database.db, { limit: 2, cursor: first.nextCursor ?? "" });
    expect(second.items.map((e) => e.id)).toEqual([d]);
    expect(second.nextCursor).toBeNull();
    expect((await listParked(testDb.database.db)).items.map((e) => e.id)).toEqual([a, c, d]);
  });

  it("retry by id puts parked events back in the queue, due now, keeping their history", async () => {
    const [a, b, c] = await recordTestEvents(testDb.database, 3);
    await park(a, "12:00:00");
    await park(b, "12:00:00");
    await setOutboxRow(testDb.database, a ?? "", { nextAttemptAt: T("12:10:00") });
    expect(await retryParked(testDb.database.db, { ids: [a ?? "", c ?? "", a ?? ""] })).toEqual({
      retried: [a],
      notParked: [c],
    });
    expect(await outboxRow(testDb.database, a ?? "")).toMatchObject({
      parkedAt: null,
      parkedReason: null,
      refusals: 0,
      nextAttemptAt: null,
      attempts: 3,
      lastError: "payload too large",
    });
    expect((await outboxRow(testDb.database, b ?? ""))?.parkedAt).toEqual(T("12:00:00"));
    expect(await retryParked(testDb.database.db, { ids: [a ?? ""] })).toEqual({
      retried: [],
      notParked: [a],
    });
  });

  it("retry of an unknown id changes nothing and says which", async () => {
    const a = await recordTestEvent(testDb.database);
    await park(a, "12:00:00");
    const refused = retryParked(testDb.database.db, { ids: [a, UNKNOWN] });
    await expect(refused).rejects.toThrow(new NotFoundError("event", UNKNOWN));
    expect((await outboxRow(testDb.database, a))?.parkedAt).toEqual(T("12:00:00"));
  });

  it("names every unknown id, comma-separated, for retry and discard", async () => {
    const other = "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d98";
    await expect(retryParked(testDb.database.db, { ids: [UNKNOWN, other] })).rejects.toThrow(
      `event ${UNKNOWN}, ${other} not found`,
    );
    await expect(discardParked(testDb.database.db, [UNKNOWN, other])).rejects.toThrow(
      `event ${UNKNOWN}, ${other} not found`,
    );
  });

  it("retry --all puts back every parked event and nothing else", async () => {
    const [a, b, c] = await recordTestEvents(testDb.database, 3);
    await park(a, "12:00:00");
    await park(c, "12:00:00");
    await setOutboxRow(testDb.database, b ?? "", { attempts: 1, nextAttemptAt: T("12:05:00") });
    const result = await retryParked(testDb.database.db, { all: true });
    expect([...result.retried].sort()).toEqual([a, c].sort());
    expect(result.notParked).toEqual([]);
    expect((await outboxRow(testDb.database, b ?? ""))?.nextAttemptAt).toEqual(T("12:05:00"));
    expect(await retryParked(testDb.database.db, { all: true })).toEqual({ retried: [], notParked: [] });
  });

  it("discard deletes parked events only; an unknown, pending or published one refuses the call, nothing deleted", async () => {
    const [a, b, c, d] = await recordTestEvents(testDb.database, 4);
    await park(a, "12:00:00");
    await park(b, "12:00:00");
    await publish(d);
    await expect(discardParked(testDb.database.db, [a ?? "", UNKNOWN])).rejects.toThrow(
      new NotFoundError("event", UNKNOWN),
    );
    const pending = await discardParked(testDb.database.db, [a ?? "", c ?? ""]).catch((e: unknown) => e);
    expect(pending).toBeInstanceOf(ConflictError);
    expect(pending).toMatchObject({
      message: `event ${c} is pending: only parked events can be discarded`,
      currentState: "pending",
    });
    await expect(discardParked(testDb.database.db, [d ?? ""])).rejects.toThrow(
      `event ${d} is published: only parked events can be discarded`,
    );
    expect(await outboxRow(testDb.database, a ?? "")).toBeDefined();
    expect(await discardParked(testDb.database.db, [a ?? "", b ?? "", a ?? ""])).toEqual({
      discarded: [a, b],
    });
    expect(await outboxRow(testDb.database, a ?? "")).toBeUndefined();
    expect(await outboxRow(testDb.database, b ?? "")).toBeUndefined();
    expect(await outboxRow(testDb.database, c ?? "")).toBeDefined();
  });

  it("counts what waits and what is parked, with the oldest of each; published rows do not count", async () => {
    expect(await readOutboxBacklog(testDb.database.db)).toEqual({
      backlog: 0,
      oldestPendingAt: null,
      parked: 0,
      oldestParkedAt: null,
    });
    const a = await recordTestEvent(testDb.database, { time: T("10:00:00") });
    const b = await recordTestEvent(testDb.database, { time: T("09:00:00") });
    const c = await recordTestEvent(testDb.database, { time: T("08:00:00") });
    const d = await recordTestEvent(testDb.database, { time: T("07:00:00") });
    const e = await recordTestEvent(testDb.database, { time: T("06:00:00") });
    await recordTestEvent(testDb.database, { time: T("11:00:00") });
    await park(c, "12:05:00");
    await park(d, "12:01:00");
    await publish(e);
    expect(a && b).toBeTruthy();
    expect(await readOutboxBacklog(testDb.database.db)).toEqual({
      backlog: 3,
      oldestPendingAt: T("09:00:00"),
      parked: 2,
      oldestParkedAt: T("12:01:00"),
    });
  });

  it("outbox.status combines the backlog with the host's publisher status (none: not publishing)", async () => {
    const a = await recordTestEvent(testDb.database, { time: T("10:00:00") });
    const b = await recordTestEvent(testDb.database, { time: T("09:00:00") });
    await park(b, "12:00:00");
    const deps = { db: testDb.database.db, clock: new ManualClock(T("12:00:00")) };
    expect(await createOutboxService(deps).status()).toEqual({
      publishing: false,
      nats: { state: "off", ok: true },
      backlog: 1,
      oldestPendingAt: "2026-06-30T10:00:00.000Z",
      parked: 1,
      oldestParkedAt: "2026-06-30T12:00:00.000Z",
    });
    const reconnecting = createOutboxService(deps, () => ({
      publishing: true,
      nats: { state: "reconnecting", ok: false },
    }));
    expect(await reconnecting.status()).toMatchObject({
      publishing: true,
      nats: { state: "reconnecting", ok: false },
    });
    const service = createOutboxService(deps);
    expect((await service.parked()).items.map((i) => i.id)).toEqual([b]);
    expect(await service.retry({ ids: [b] })).toEqual({ retried: [b], notParked: [] });
    await park(b, "12:00:00");
    expect(await service.discard({ ids: [b] })).toEqual({ discarded: [b] });
    expect(a).toBeTruthy();
  });

  it("exposes the backlog as Prometheus gauges, ages by the hub's clock, shared by one scrape", async () => {
    await recordTestEvent(testDb.database, { time: T("11:58:30") });
    const parked = await recordTestEvent(testDb.database, { time: T("11:00:00") });
    await park(parked, "11:55:00");
    const registry = new Registry();
    const clock = new ManualClock(T("12:00:00"));
    registerOutboxMetrics(registry, testDb.database.db, clock);
    registerOutboxMetrics(registry, testDb.database.db, clock);
    const text = await registry.metrics();
    const values = Object.fromEntries(
      text
        .split("\n")
        .filter((line) => line.startsWith("statehub_outbox"))
        .map((line) => line.split(" ") as [string, string]),
    );
    expect(values).toEqual({
      statehub_outbox_backlog: "1",
      statehub_outbox_oldest_unpublished_age_seconds: "90",
      statehub_outbox_parked: "1",
      statehub_outbox_oldest_parked_age_seconds: "300",
    });
    await clearOutbox(testDb.database);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const empty = await registry.metrics();
    expect(empty).toMatch(/^statehub_outbox_oldest_unpublished_age_seconds 0$/m);
    expect(empty).toMatch(/^statehub_outbox_oldest_parked_age_seconds 0$/m);
  });

  it("a gauge reads NaN when the database does not answer", async () => {
    const registry = new Registry();
    const broken = {
      execute: () => Promise.reject(new Error("database unavailable")),
    } as unknown as typeof testDb.database.db;
    registerOutboxMetrics(registry, broken, new ManualClock(T("12:00:00")));
    // prom-client writes NaN as "Nan" (Prometheus reads either).
    expect(await registry.metrics()).toMatch(/^statehub_outbox_parked NaN$/im);
  });
});
