import { openDefaultTestDatabase as openTestDatabase, type TestDatabase } from "@statehub/api/testing";
import { type Database, eventOutbox } from "@statehub/db";
import { natsServerAvailable, TestNatsServer } from "@statehub/testing";
import { isNull, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { recordRepoEvent, recordRepoEvents } from "../../test/events/support/events.js";
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
});
