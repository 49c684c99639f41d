import { outboxRows } from "@statehub/api/testing";
import { eventOutbox } from "@statehub/db";
import { natsServerAvailable } from "@statehub/testing";
import { describe, expect, it } from "vitest";
import { recordRepoEvents } from "../../test/events/support/events.js";
import { captureLogger } from "../../test/events/support/logger.js";
import { testRelay, unpublishedCount } from "../../test/events/support/relay.js";
import { relaySuite } from "../../test/events/support/relay-suite.js";
import { streamIds } from "../../test/events/support/stream.js";

// What the relay reports about the stream and about re-sends, against a real nats-server.
describe.runIf(natsServerAvailable())("what the relay reports", { timeout: 60_000 }, () => {
  const suite = relaySuite("REPORTS");

  const start = async (logger = captureLogger().logger) => {
    const relay = suite.track(testRelay(suite.database, suite.nats.url, suite.stream, { logger }));
    await relay.start();
    return relay;
  };

  it("logs that it created the stream, once; a relay finding it in place logs nothing about it", async () => {
    const first = captureLogger();
    await start(first.logger);
    const ids = await recordRepoEvents(suite.database, 1);
    await expect.poll(() => streamIds(suite.nats.url, suite.stream), { timeout: 15_000 }).toEqual(ids);
    const ensured = (lines: Record<string, unknown>[]) =>
      lines.filter((l) => l.msg === "relay: stream ensured").map((l) => [l.level, l.stream, l.action]);
    expect(ensured(first.lines())).toEqual([[30, suite.stream, "created"]]);
    const second = captureLogger();
    const again = await start(second.logger);
    await expect.poll(() => again.status().nats, { timeout: 15_000 }).toBe("connected");
    await expect.poll(() => again.state, { timeout: 15_000 }).toBe("idle");
    expect(ensured(second.lines())).toEqual([]);
  });

  it("counts re-sent events the stream already held as duplicates, and as published", async () => {
    const ids = await recordRepoEvents(suite.database, 3);
    const first = await start();
    await expect.poll(() => unpublishedCount(suite.database), { timeout: 15_000 }).toBe(0);
    await first.stop();
    // A crash between the publish and the marks: the stream holds them, the rows do not say so.
    await suite.database.db.update(eventOutbox).set({ publishedAt: null, streamSequence: null });
    const counted: [number, number][] = [];
    const relay = suite.track(
      testRelay(suite.database, suite.nats.url, suite.stream, { logger: captureLogger().logger }),
    );
    relay.addCounters({
      onPublished: (count, duplicates) => counted.push([count, duplicates]),
      onFailed: () => {},
      onRefused: () => {},
    });
    await relay.start();
    await expect.poll(() => unpublishedCount(suite.database), { timeout: 15_000 }).toBe(0);
    // Counted once the marks commit, which the outbox shows a moment before.
    await expect.poll(() => relay.status().publishedTotal, { timeout: 5_000 }).toBe(3);
    expect(counted).toEqual([[3, 3]]);
    expect(await streamIds(suite.nats.url, suite.stream)).toEqual(ids);
    expect((await outboxRows(suite.database)).map((r) => r.streamSequence)).toEqual([1, 2, 3]);
  });
});
