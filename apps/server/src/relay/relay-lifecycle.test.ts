import { ManualClock } from "@statehub/api";
import {
  clearOutbox,
  openDefaultTestDatabase,
  outboxRow,
  outboxRows,
  type TestDatabase,
} from "@statehub/api/testing";
import { natsServerAvailable, TestNatsServer } from "@statehub/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recordRepoEvents, recordRepoEventsAtOnce } from "../../test/events/support/events.js";
import { captureLogger } from "../../test/events/support/logger.js";
import { testRelay, unpublishedCount } from "../../test/events/support/relay.js";
import { deleteStream, streamIds } from "../../test/events/support/stream.js";
import { OutboxRelay } from "./relay.js";

// The relay's life cycle against a real nats-server and Postgres: starting (once), what it
// reports, stopping, and NATS going away and coming back while rows back off.
describe.runIf(natsServerAvailable())("the relay's life cycle", { timeout: 60_000 }, () => {
  let testDb: TestDatabase;
  let nats: TestNatsServer;
  let relay: OutboxRelay | undefined;
  let stream = "";
  let streams = 0;

  beforeAll(async () => {
    testDb = await openDefaultTestDatabase();
    nats = await TestNatsServer.start();
  }, 60_000);
  afterAll(async () => {
    await nats?.dispose();
    await testDb?.cleanup();
  });
  beforeEach(async () => {
    streams += 1;
    stream = `LIFECYCLE${streams}`;
    await clearOutbox(testDb.database);
  });
  afterEach(async () => {
    nats.resume();
    if (!nats.running) await nats.restart();
    await relay?.stop();
    relay = undefined;
    await deleteStream(nats.url, stream);
  });

  it("starts once: a second start() logs nothing and runs no second loop; 'connecting' until its first drain", async () => {
    const log = captureLogger();
    const ids = await recordRepoEvents(testDb.database, 3);
    relay = testRelay(testDb.database, nats.url, stream, { logger: log.logger });
    await relay.start();
    expect(relay.state).toBe("connecting");
    await relay.start();
    await expect.poll(() => streamIds(nats.url, stream), { timeout: 15_000 }).toEqual(ids);
    await expect.poll(() => relay?.state, { timeout: 15_000 }).toBe("idle");
    expect(log.lines().filter((l) => l.msg === "relay starting")).toEqual([
      expect.objectContaining({ level: 30, nats: nats.url, stream }),
    ]);
    expect(log.lines().filter((l) => l.msg === "relay connected to NATS")).toHaveLength(1);
    expect(relay.status()).toMatchObject({ publishedTotal: 3, failuresTotal: 0 });
  });

  it("reports what it published: the hub clock's time on the rows and in its status, the count, no failure", async () => {
    const clock = new ManualClock("2026-06-30T12:00:00.000Z");
    const ids = await recordRepoEvents(testDb.database, 4);
    relay = testRelay(testDb.database, nats.url, stream, { clock });
    await relay.start();
    await expect.poll(() => unpublishedCount(testDb.database), { timeout: 15_000 }).toBe(0);
    const rows = await outboxRows(testDb.database);
    expect(rows.map((r) => [r.id, r.publishedAt?.toISOString(), r.streamSequence, r.attempts])).toEqual(
      ids.map((id, i) => [id, "2026-06-30T12:00:00.000Z", i + 1, 1]),
    );
    expect(relay.status()).toEqual({
      enabled: true,
      state: "idle",
      nats: "connected",
      stream,
      consecutiveFailures: 0,
      lastError: undefined,
      lastPublishedAt: "2026-06-30T12:00:00.000Z",
      publishedTotal: 4,
      failuresTotal: 0,
    });
    await relay.stop();
    expect(relay.status()).toMatchObject({ state: "stopped", nats: "closed", publishedTotal: 4 });
  });

  it("an off relay stops as 'off'", async () => {
    const off = new OutboxRelay({
      database: testDb.database,
      nats: undefined,
      stream: "OFF",
      logger: captureLogger().logger,
    });
    await off.start();
    await off.stop();
    expect(off.status()).toMatchObject({ enabled: false, state: "off", nats: "off" });
  });

  it("NATS unreachable at start: the relay backs off and says why; once NATS is up it publishes", async () => {
    await nats.stop();
    const ids = await recordRepoEvents(testDb.database, 2);
    relay = testRelay(testDb.database, nats.url, stream, { backoff: { baseMs: 200, capMs: 200 } });
    await relay.start();
    await expect.poll(() => relay?.status().failuresTotal, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    expect(relay.status()).toMatchObject({ enabled: true, publishedTotal: 0, lastError: expect.any(String) });
    expect(await unpublishedCount(testDb.database)).toBe(2);
    // A failed connection is not a failed publish: the rows were not touched.
    expect((await outboxRows(testDb.database)).map((r) => r.attempts)).toEqual([0, 0]);
    await nats.restart();
    await expect.poll(() => streamIds(nats.url, stream), { timeout: 15_000 }).toEqual(ids);
    await expect.poll(() => relay?.status().consecutiveFailures, { timeout: 15_000 }).toBe(0);
    expect(relay.status().lastError).toBeUndefined();
  });

  it("NATS gone: waits for it without claiming; back: rows backing off go out at once, not after their backoff", async () => {
    // A backoff of a minute: only the reconnect can bring these rows out within the test.
    relay = testRelay(testDb.database, nats.url, stream, {
      publishTimeoutMs: 300,
      backoff: { baseMs: 60_000, capMs: 60_000 },
      random: () => 1,
    });
    await relay.start();
    await expect.poll(() => relay?.state, { timeout: 15_000 }).toBe("idle");
    await nats.pause();
    const failed = await recordRepoEventsAtOnce(testDb.database, 2);
    relay.notify();
    await expect
      .poll(async () => (await outboxRow(testDb.database, failed[0] ?? ""))?.attempts, { timeout: 15_000 })
      .toBe(1);
    const backingOff = await outboxRow(testDb.database, failed[0] ?? "");
    expect(backingOff?.nextAttemptAt?.getTime()).toBeGreaterThan(Date.now() + 30_000);
    await nats.stop("SIGKILL");
    await expect.poll(() => relay?.status().nats, { timeout: 15_000 }).toBe("reconnecting");
    const during = await recordRepoEventsAtOnce(testDb.database, 1);
    relay.notify();
    await expect.poll(() => relay?.state, { timeout: 15_000 }).toBe("waiting-for-nats");
    await nats.restart();
    await expect.poll(() => unpublishedCount(testDb.database), { timeout: 20_000 }).toBe(0);
    expect(await streamIds(nats.url, stream)).toEqual([...failed, ...during]);
    // Recorded while NATS was gone: claimed only once it was back, published at the first try.
    expect((await outboxRow(testDb.database, during[0] ?? ""))?.attempts).toBe(1);
  });
});
