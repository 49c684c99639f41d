import {
  openDefaultTestDatabase as openTestDatabase,
  outboxRow,
  type TestDatabase,
} from "@statehub/api/testing";
import { type Database, eventOutbox } from "@statehub/db";
import { natsServerAvailable, TestNatsServer } from "@statehub/testing";
import { eq, isNull, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { countingClaims } from "../../test/events/support/claims.js";
import {
  recordRepoEvent,
  recordRepoEvents,
  recordRepoEventsAtOnce,
} from "../../test/events/support/events.js";
import { captureLogger } from "../../test/events/support/logger.js";
import { deleteStream, streamIds } from "../../test/events/support/stream.js";
import { OutboxRelay, type RelayOptions } from "./relay.js";

const HOUR = 3_600_000;

describe.runIf(natsServerAvailable())("outbox relay", { timeout: 30_000 }, () => {
  let testDb: TestDatabase;
  let database: Database;
  let nats: TestNatsServer;
  let stream: string;
  let streamCounter = 0;
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    testDb = await openTestDatabase();
    database = testDb.database;
    nats = await TestNatsServer.start();
  }, 60_000);
  afterAll(async () => {
    await nats?.dispose();
    await testDb?.cleanup();
  });
  afterEach(async () => {
    for (const relay of relays.splice(0)) await relay.stop();
    await deleteStream(nats.url, stream);
    // Each test starts from an empty outbox and its own stream.
    await database.db.delete(eventOutbox);
  });

  async function startRelay(overrides: Partial<RelayOptions> = {}): Promise<OutboxRelay> {
    const relay = new OutboxRelay({
      database,
      nats: { url: nats.url },
      stream,
      logger: process.env.RELAY_DEBUG
        ? (await import("pino")).default({ level: "debug" })
        : captureLogger().logger,
      // The poll does not get in the way: wake-ups are what is tested.
      pollIntervalMs: HOUR,
      ...overrides,
    });
    relays.push(relay);
    void relay.start();
    return relay;
  }

  const nextStream = () => {
    streamCounter += 1;
    stream = `RELAYTEST${streamCounter}`;
  };

  it("publishes rows recorded before it started, in commit order, and marks them", async () => {
    nextStream();
    const ids = await recordRepoEvents(database, 20);
    await startRelay();
    await expect.poll(() => streamIds(nats.url, stream), { timeout: 15_000 }).toEqual(ids);
    const unpublished = await database.db.select().from(eventOutbox).where(isNull(eventOutbox.publishedAt));
    await expect
      .poll(
        async () =>
          (await database.db.select().from(eventOutbox).where(isNull(eventOutbox.publishedAt))).length,
      )
      .toBe(0);
    expect(unpublished.length).toBeLessThanOrEqual(20);
    const rows = await database.db.select().from(eventOutbox).orderBy(eventOutbox.position);
    expect(rows.map((r) => r.streamSequence)).toEqual(ids.map((_, i) => i + 1));
  });

  it.each([
    ["an hour's poll", HOUR],
    ["the default poll (5 s)", undefined],
  ])(
    "once idle, claims nothing until it is woken, and one claim per wake-up (%s)",
    async (_, pollIntervalMs) => {
      nextStream();
      const counted = countingClaims(database);
      const relay = await startRelay({ database: counted.database, pollIntervalMs });
      const ids = await recordRepoEvents(database, 3);
      relay.notify();
      await expect.poll(() => streamIds(nats.url, stream), { timeout: 15_000 }).toEqual(ids);
      await expect.poll(() => relay.state).toBe("idle");
      // Let the database's notifications of those commits arrive (each may wake it once more).
      await new Promise((resolve) => setTimeout(resolve, 300));
      const settled = counted.claims();
      // Nothing is due and the poll is an hour away: a relay that claims meanwhile is spinning.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(counted.claims()).toBe(settled);
      relay.notify();
      await expect.poll(() => counted.claims()).toBe(settled + 1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(counted.claims()).toBe(settled + 1);
    },
  );

  it("wakes on a commit without waiting for the poll", async () => {
    nextStream();
    const relay = await startRelay();
    await expect.poll(() => relay.status().state, { timeout: 10_000 }).toBe("idle");
    // The poll interval is an hour: only the commit's notification can deliver this.
    const envelope = await recordRepoEvent(database);
    await expect.poll(() => streamIds(nats.url, stream), { timeout: 10_000 }).toEqual([envelope.id]);
  });

  it("re-publishes a row that was published but not marked without duplicating it", async () => {
    nextStream();
    const ids = await recordRepoEvents(database, 5);
    const first = await startRelay();
    await expect.poll(() => streamIds(nats.url, stream), { timeout: 10_000 }).toEqual(ids);
    await first.stop();
    // The crash: the messages are in the stream, but the marks never committed.
    await database.db.update(eventOutbox).set({ publishedAt: null, streamSequence: null });
    const more = await recordRepoEvents(database, 2);
    await startRelay();
    await expect
      .poll(
        async () =>
          (await database.db.select().from(eventOutbox).where(isNull(eventOutbox.publishedAt))).length,
        {
          timeout: 10_000,
        },
      )
      .toBe(0);
    expect(await streamIds(nats.url, stream)).toEqual([...ids, ...more]);
    const rows = await database.db.select().from(eventOutbox).orderBy(eventOutbox.position);
    // The duplicate ack names the original sequence.
    expect(rows.map((r) => r.streamSequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("reports its state and stops cleanly", async () => {
    nextStream();
    const relay = await startRelay();
    await expect.poll(() => relay.status().nats, { timeout: 10_000 }).toBe("connected");
    expect(relay.status()).toMatchObject({ enabled: true, stream });
    await relay.stop();
    expect(relay.status()).toMatchObject({ state: "stopped", nats: "closed" });
  });

  it("is off without NATS settings and leaves events in the outbox", async () => {
    const log = captureLogger();
    const relay = new OutboxRelay({ database, nats: undefined, stream: "X", logger: log.logger });
    await relay.start();
    await recordRepoEvent(database);
    expect(relay.status()).toMatchObject({ enabled: false, state: "off", nats: "off" });
    expect(log.lines().filter((l) => String(l.msg).includes("relay off"))).toHaveLength(1);
    const [row] = await database.db
      .execute(sql`select count(*)::int as n from event_outbox where published_at is null`)
      .then((r) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { n: number }[]);
    expect(row?.n).toBe(1);
  });

  it("drains past the first batch: more rows than one batch all go out, in order, without waiting for the poll", async () => {
    nextStream();
    const ids = await recordRepoEvents(database, 35);
    await startRelay({ batchSize: 10 });
    await expect.poll(() => streamIds(nats.url, stream), { timeout: 15_000 }).toEqual(ids);
  });

  // The relay treats every row as due when it (re)connects to NATS, so these rows are written
  // once it is connected and idle, in one transaction, already in the state under test.
  async function connectedRelay(): Promise<OutboxRelay> {
    const relay = await startRelay();
    await expect
      .poll(() => [relay.status().nats, relay.status().state], { timeout: 10_000 })
      .toEqual(["connected", "idle"]);
    return relay;
  }

  it("a row backing off holds back the rows behind it until it is due; then wakes by itself and publishes them in order", async () => {
    nextStream();
    const relay = await connectedRelay();
    const dueAt = new Date(Date.now() + 2_500);
    const [head, second, third] = await recordRepoEventsAtOnce(database, 3, (tx, ids) =>
      tx
        .update(eventOutbox)
        .set({ attempts: 1, lastError: "TimeoutError: timeout", nextAttemptAt: dueAt })
        .where(eq(eventOutbox.id, ids[0] ?? ""))
        .then(() => {}),
    );
    relay.notify();
    // Well before the head is due: nothing has gone out (the poll is an hour away).
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(Date.now()).toBeLessThan(dueAt.getTime());
    expect(await streamIds(nats.url, stream)).toEqual([]);
    await expect.poll(() => streamIds(nats.url, stream), { timeout: 15_000 }).toEqual([head, second, third]);
    // The stream holds the events once NATS acknowledged them; the relay marks the rows after.
    const publishedAt = async () => (await outboxRow(database, head ?? ""))?.publishedAt?.getTime() ?? 0;
    await expect.poll(publishedAt, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(await publishedAt()).toBeGreaterThanOrEqual(dueAt.getTime());
  });

  it("a parked row, or a refused one waiting for its retry, does not hold back the rows behind it", async () => {
    nextStream();
    const relay = await connectedRelay();
    const [parked, refused, next, last] = await recordRepoEventsAtOnce(database, 4, async (tx, ids) => {
      await tx
        .update(eventOutbox)
        .set({ attempts: 3, refusals: 3, parkedAt: new Date(), parkedReason: "too large" })
        .where(eq(eventOutbox.id, ids[0] ?? ""));
      await tx
        .update(eventOutbox)
        .set({ attempts: 1, refusals: 1, nextAttemptAt: new Date(Date.now() + HOUR) })
        .where(eq(eventOutbox.id, ids[1] ?? ""));
    });
    relay.notify();
    await expect.poll(() => streamIds(nats.url, stream), { timeout: 15_000 }).toEqual([next, last]);
    expect(await outboxRow(database, parked ?? "")).toMatchObject({ publishedAt: null, attempts: 3 });
    expect(await outboxRow(database, refused ?? "")).toMatchObject({ publishedAt: null, attempts: 1 });
  });

  it("stop() waits for the batch in flight: its acks arrive and its rows are marked before stop returns", async () => {
    nextStream();
    const frozen = await TestNatsServer.start();
    try {
      const relay = new OutboxRelay({
        database,
        nats: { url: frozen.url },
        stream,
        logger: captureLogger().logger,
        pollIntervalMs: HOUR,
        publishTimeoutMs: 4_000,
      });
      relays.push(relay);
      await relay.start();
      await expect.poll(() => relay.status().state, { timeout: 10_000 }).toBe("idle");
      await frozen.pause();
      const ids = await recordRepoEventsAtOnce(database, 3);
      relay.notify();
      await expect.poll(() => relay.status().state, { timeout: 10_000, interval: 5 }).toBe("publishing");
      let stopped = false;
      const stopping = relay.stop(8_000).then(() => {
        stopped = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(stopped).toBe(false);
      frozen.resume();
      await stopping;
      const rows = await database.db.select().from(eventOutbox).orderBy(eventOutbox.position);
      expect(rows.map((r) => [r.id, r.streamSequence, r.publishedAt !== null])).toEqual([
        [ids[0], 1, true],
        [ids[1], 2, true],
        [ids[2], 3, true],
      ]);
      expect(relay.status()).toMatchObject({ state: "stopped", publishedTotal: 3 });
      await deleteStream(frozen.url, stream);
    } finally {
      await frozen.dispose();
    }
  });
});
