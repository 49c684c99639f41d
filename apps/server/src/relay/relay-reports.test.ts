import { clearOutbox, openDefaultTestDatabase, outboxRows, type TestDatabase } from "@statehub/api/testing";
import { eventOutbox } from "@statehub/db";
import { natsServerAvailable, TestNatsServer } from "@statehub/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recordRepoEvents } from "../../test/events/support/events.js";
import { captureLogger } from "../../test/events/support/logger.js";
import { testRelay, unpublishedCount } from "../../test/events/support/relay.js";
import { deleteStream, streamIds } from "../../test/events/support/stream.js";
import type { OutboxRelay } from "./relay.js";

// What the relay reports about the stream and about re-sends, against a real nats-server.
describe.runIf(natsServerAvailable())("what the relay reports", { timeout: 60_000 }, () => {
  let testDb: TestDatabase;
  let nats: TestNatsServer;
  const relays: OutboxRelay[] = [];
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
    stream = `REPORTS${streams}`;
    await clearOutbox(testDb.database);
  });
  afterEach(async () => {
    for (const relay of relays.splice(0)) await relay.stop();
    await deleteStream(nats.url, stream);
  });

  const start = async (logger = captureLogger().logger) => {
    const relay = testRelay(testDb.database, nats.url, stream, { logger });
    relays.push(relay);
    await relay.start();
    return relay;
  };

  it("logs that it created the stream, once; a relay finding it in place logs nothing about it", async () => {
    const first = captureLogger();
    await start(first.logger);
    const ids = await recordRepoEvents(testDb.database, 1);
    await expect.poll(() => streamIds(nats.url, stream), { timeout: 15_000 }).toEqual(ids);
    const ensured = (lines: Record<string, unknown>[]) =>
      lines.filter((l) => l.msg === "relay: stream ensured").map((l) => [l.level, l.stream, l.action]);
    expect(ensured(first.lines())).toEqual([[30, stream, "created"]]);
    const second = captureLogger();
    const again = await start(second.logger);
    await expect.poll(() => again.status().nats, { timeout: 15_000 }).toBe("connected");
    await expect.poll(() => again.state, { timeout: 15_000 }).toBe("idle");
    expect(ensured(second.lines())).toEqual([]);
  });

  it("counts re-sent events the stream already held as duplicates, and as published", async () => {
    const ids = await recordRepoEvents(testDb.database, 3);
    const first = await start();
    await expect.poll(() => unpublishedCount(testDb.database), { timeout: 15_000 }).toBe(0);
    await first.stop();
    // A crash between the publish and the marks: the stream holds them, the rows do not say so.
    await testDb.database.db.update(eventOutbox).set({ publishedAt: null, streamSequence: null });
    const counted: [number, number][] = [];
    const relay = testRelay(testDb.database, nats.url, stream, { logger: captureLogger().logger });
    relays.push(relay);
    relay.addCounters({
      onPublished: (count, duplicates) => counted.push([count, duplicates]),
      onFailed: () => {},
      onRefused: () => {},
    });
    await relay.start();
    await expect.poll(() => unpublishedCount(testDb.database), { timeout: 15_000 }).toBe(0);
    // Counted once the marks commit, which the outbox shows a moment before.
    await expect.poll(() => relay.status().publishedTotal, { timeout: 5_000 }).toBe(3);
    expect(counted).toEqual([[3, 3]]);
    expect(await streamIds(nats.url, stream)).toEqual(ids);
    expect((await outboxRows(testDb.database)).map((r) => r.streamSequence)).toEqual([1, 2, 3]);
  });
});
