// A failure streak ends with the first batch NATS acknowledges in full, even when a later batch
// of the same drain fails: the relay says it recovered, and that later failure opens a new streak
// (its backoff starts from the base delay again) instead of extending the old one. A batch only
// half acknowledged ends nothing: its failed event still holds the line.
import { DiscardPolicy, jetstreamManager } from "@nats-io/jetstream";
import { connect, nanos } from "@nats-io/transport-node";
import { clearOutbox, openDefaultTestDatabase, outboxRow, type TestDatabase } from "@statehub/api/testing";
import { DUPLICATE_WINDOW_MS, SUBJECT_WILDCARD } from "@statehub/events";
import { natsServerAvailable, TestNatsServer } from "@statehub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordRepoEventsAtOnce } from "../../test/events/support/events.js";
import { captureLogger } from "../../test/events/support/logger.js";
import { testRelay } from "../../test/events/support/relay.js";
import { streamIds } from "../../test/events/support/stream.js";
import type { OutboxRelay } from "./relay.js";

const STREAM = "STREAKENDS";
const STREAK_STARTS = "relay: publishing failed; retrying with backoff (repeats are summarised)";

describe.runIf(natsServerAvailable())(
  "a failure streak and the success that ends it",
  { timeout: 60_000 },
  () => {
    let testDb: TestDatabase;
    let nats: TestNatsServer;
    let relay: OutboxRelay | undefined;

    beforeAll(async () => {
      testDb = await openDefaultTestDatabase();
      nats = await TestNatsServer.start();
    }, 60_000);
    afterAll(async () => {
      await relay?.stop();
      await nats?.dispose();
      await testDb?.cleanup();
    });

    it("ends with an acknowledged batch, though the next batch of the same drain fails", async () => {
      await clearOutbox(testDb.database);
      // A stream that holds one message and turns the next ones away (discard new): a transient
      // failure for every event after the first, until it is given room.
      const nc = await connect({ servers: nats.url });
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({
        name: STREAM,
        subjects: [SUBJECT_WILDCARD],
        duplicate_window: nanos(DUPLICATE_WINDOW_MS),
        max_msgs: 1,
        discard: DiscardPolicy.New,
      });
      const log = captureLogger();
      relay = testRelay(testDb.database, nats.url, STREAM, {
        logger: log.logger,
        batchSize: 2,
        backoff: { baseMs: 100, capMs: 400 },
        random: () => 1,
      });
      const active = relay;
      await active.start();
      // [e0, e1]: e0 fills the stream, e1 fails, and keeps failing with e2 behind it.
      const [e0 = "", e1 = "", e2 = "", e3 = "", e4 = ""] = await recordRepoEventsAtOnce(testDb.database, 5);
      active.notify();
      await expect.poll(() => active.status().consecutiveFailures, { timeout: 15_000 }).toBeGreaterThan(1);
      const recoveredLines = () => log.lines().filter((l) => l.msg === "relay: recovered");

      // Room for one more: the retried batch [e1, e2] is half acknowledged. Not a success: e2 still
      // holds the line, the streak goes on.
      await jsm.streams.update(STREAM, { max_msgs: 2 });
      await expect.poll(() => streamIds(nats.url, STREAM), { timeout: 15_000 }).toEqual([e0, e1]);
      const e1Attempts = (await outboxRow(testDb.database, e1))?.attempts ?? 0;
      // e2 retried once more: the half-acknowledged batch is settled and its failure counted.
      await expect
        .poll(async () => (await outboxRow(testDb.database, e2))?.attempts, { timeout: 15_000 })
        .toBeGreaterThan(e1Attempts);
      expect(recoveredLines()).toEqual([]);

      // Room for two more: the retried batch [e2, e3] is acknowledged, the next one, [e4], is not.
      await jsm.streams.update(STREAM, { max_msgs: 4 });
      await nc.close();
      await expect
        .poll(async () => (await outboxRow(testDb.database, e4))?.attempts, { timeout: 15_000 })
        .toBeGreaterThan(0);
      expect(await streamIds(nats.url, STREAM)).toEqual([e0, e1, e2, e3]);
      expect(recoveredLines()).toHaveLength(1);
      const messages = log.lines().map((l) => l.msg);
      const recovered = messages.indexOf("relay: recovered");
      // The streak before it opened with its own first line; e4's failure opens a new one after it.
      expect(messages.slice(0, recovered)).toContain(STREAK_STARTS);
      expect(messages.slice(recovered)).toContain(STREAK_STARTS);
    });
  },
);
