import { ManualClock } from "@statehub/api";
import { outboxRow, outboxRows } from "@statehub/api/testing";
import { natsServerAvailable } from "@statehub/testing";
import { describe, expect, it } from "vitest";
import { recordRepoEvents, recordRepoEventsAtOnce } from "../../test/events/support/events.js";
import { captureLogger } from "../../test/events/support/logger.js";
import { testRelay, unpublishedCount } from "../../test/events/support/relay.js";
import { relaySuite } from "../../test/events/support/relay-suite.js";
import { streamIds } from "../../test/events/support/stream.js";
import { OutboxRelay } from "./relay.js";

// The relay's life cycle against a real nats-server and Postgres: starting (once), what it
// reports, stopping, and NATS going away and coming back while rows back off.
describe.runIf(natsServerAvailable())("the relay's life cycle", { timeout: 60_000 }, () => {
  const suite = relaySuite("LIFECYCLE");
  let relay: OutboxRelay | undefined;

  it("starts once: a second start() logs nothing and runs no second loop; 'connecting' until its first drain", async () => {
    const log = captureLogger();
    const ids = await recordRepoEvents(suite.database, 3);
    relay = suite.track(testRelay(suite.database, suite.nats.url, suite.stream, { logger: log.logger }));
    await relay.start();
    expect(relay.state).toBe("connecting");
    await relay.start();
    await expect.poll(() => streamIds(suite.nats.url, suite.stream), { timeout: 15_000 }).toEqual(ids);
    await expect.poll(() => relay?.state, { timeout: 15_000 }).toBe("idle");
    expect(log.lines().filter((l) => l.msg === "relay starting")).toEqual([
      expect.objectContaining({ level: 30, nats: suite.nats.url, stream: suite.stream }),
    ]);
    expect(log.lines().filter((l) => l.msg === "relay connected to NATS")).toHaveLength(1);
    expect(relay.status()).toMatchObject({ publishedTotal: 3, failuresTotal: 0 });
  });

  it("reports what it published: the hub clock's time on the rows and in its status, the count, no failure", async () => {
    const clock = new ManualClock("2026-06-30T12:00:00.000Z");
    const ids = await recordRepoEvents(suite.database, 4);
    relay = suite.track(testRelay(suite.database, suite.nats.url, suite.stream, { clock }));
    await relay.start();
    await expect.poll(() => unpublishedCount(suite.database), { timeout: 15_000 }).toBe(0);
    const rows = await outboxRows(suite.database);
    expect(rows.map((r) => [r.id, r.publishedAt?.toISOString(), r.streamSequence, r.attempts])).toEqual(
      ids.map((id, i) => [id, "2026-06-30T12:00:00.000Z", i + 1, 1]),
    );
    expect(relay.status()).toEqual({
      enabled: true,
      state: "idle",
      nats: "connected",
      stream: suite.stream,
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
      database: suite.database,
      nats: undefined,
      stream: "OFF",
      logger: captureLogger().logger,
    });
    await off.start();
    await off.stop();
    expect(off.status()).toMatchObject({ enabled: false, state: "off", nats: "off" });
  });

  it("NATS unreachable at start: the relay backs off and says why; once NATS is up it publishes", async () => {
    await suite.nats.stop();
    const ids = await recordRepoEvents(suite.database, 2);
    relay = suite.track(
      testRelay(suite.database, suite.nats.url, suite.stream, { backoff: { baseMs: 200, capMs: 200 } }),
    );
    await relay.start();
    await expect.poll(() => relay?.status().failuresTotal, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    expect(relay.status()).toMatchObject({ enabled: true, publishedTotal: 0, lastError: expect.any(String) });
    expect(await unpublishedCount(suite.database)).toBe(2);
    // A failed connection is not a failed publish: the rows were not touched.
    expect((await outboxRows(suite.database)).map((r) => r.attempts)).toEqual([0, 0]);
    await suite.nats.restart();
    await expect.poll(() => streamIds(suite.nats.url, suite.stream), { timeout: 15_000 }).toEqual(ids);
    await expect.poll(() => relay?.status().consecutiveFailures, { timeout: 15_000 }).toBe(0);
    expect(relay.status().lastError).toBeUndefined();
  });

  it("NATS gone: waits for it without claiming; back: rows backing off go out at once, not after their backoff", async () => {
    // A backoff of a minute: only the reconnect can bring these rows out within the test.
    relay = suite.track(
      testRelay(suite.database, suite.nats.url, suite.stream, {
        publishTimeoutMs: 300,
        backoff: { baseMs: 60_000, capMs: 60_000 },
        random: () => 1,
      }),
    );
    await relay.start();
    await expect.poll(() => relay?.state, { timeout: 15_000 }).toBe("idle");
    await suite.nats.pause();
    const failed = await recordRepoEventsAtOnce(suite.database, 2);
    relay.notify();
    await expect
      .poll(async () => (await outboxRow(suite.database, failed[0] ?? ""))?.attempts, { timeout: 15_000 })
      .toBe(1);
    const backingOff = await outboxRow(suite.database, failed[0] ?? "");
    expect(backingOff?.nextAttemptAt?.getTime()).toBeGreaterThan(Date.now() + 30_000);
    await suite.nats.stop("SIGKILL");
    await expect.poll(() => relay?.status().nats, { timeout: 15_000 }).toBe("reconnecting");
    const during = await recordRepoEventsAtOnce(suite.database, 1);
    relay.notify();
    await expect.poll(() => relay?.state, { timeout: 15_000 }).toBe("waiting-for-nats");
    await suite.nats.restart();
    await expect.poll(() => unpublishedCount(suite.database), { timeout: 20_000 }).toBe(0);
    expect(await streamIds(suite.nats.url, suite.stream)).toEqual([...failed, ...during]);
    // Recorded while NATS was gone: claimed only once it was back, published at the first try.
    expect((await outboxRow(suite.database, during[0] ?? ""))?.attempts).toBe(1);
  });
});
