// What a settled batch does besides its marks (relay.ts settle()), each staged against a real
// nats-server:
//
// - a batch NATS refused in full is no success: it does not end a streak of transient failures.

import { randomUUID } from "node:crypto";
import { DiscardPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection, nanos } from "@nats-io/transport-node";
import { recordEvent } from "@statehub/api/outbox";
import { clearOutbox, openDefaultTestDatabase, outboxRow, type TestDatabase } from "@statehub/api/testing";
import type { Database } from "@statehub/db";
import { DUPLICATE_WINDOW_MS, SUBJECT_WILDCARD } from "@statehub/events";
import { natsServerAvailable, TestNatsServer } from "@statehub/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TEST_ORIGIN } from "../../test/events/support/events.js";
import { captureLogger } from "../../test/events/support/logger.js";
import { testRelay } from "../../test/events/support/relay.js";
import type { OutboxRelay } from "./relay.js";

const STREAK_STARTS = "relay: publishing failed; retrying with backoff (repeats are summarised)";
/** Over 1,000 bytes once in an envelope: over the max_msg_size the streams below set. */
const LONG_URL = `https://git.example.com/${"b".repeat(1_000)}`;

/**
 * Records events in one transaction (one commit, one wake-up), in this order: a repo event whose
 * envelope is over 1,000 bytes ("big"), or a plain one.
 */
async function recordAtOnce(database: Database, kinds: ("big" | "plain")[]): Promise<string[]> {
  return database.db.transaction(async (tx) => {
    const ids: string[] = [];
    for (const kind of kinds) {
      const repo = {
        repoId: randomUUID(),
        name: `org/settle-${randomUUID().slice(0, 8)}`,
        domain: "platform",
        url: kind === "big" ? LONG_URL : null,
        defaultBranch: "main",
      };
      ids.push((await recordEvent(tx, "org.statehub.repo.registered", repo, new Date(), TEST_ORIGIN)).id);
    }
    return ids;
  });
}

describe.runIf(natsServerAvailable())("what a settled batch does", { timeout: 60_000 }, () => {
  let testDb: TestDatabase;
  let relay: OutboxRelay | undefined;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    testDb = await openDefaultTestDatabase();
  }, 60_000);
  afterAll(() => testDb?.cleanup());
  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await clearOutbox(testDb.database);
  });

  async function natsServer(): Promise<{ url: string; nc: NatsConnection }> {
    const nats = await TestNatsServer.start();
    cleanups.push(() => nats.dispose());
    const nc = await connect({ servers: nats.url });
    cleanups.push(() => nc.close());
    return { url: nats.url, nc };
  }

  const published = async (id: string) => (await outboxRow(testDb.database, id))?.publishedAt ?? null;
  const parked = async (id: string) => (await outboxRow(testDb.database, id))?.parkedAt ?? null;

  it("a batch refused in full does not end a streak of transient failures", async () => {
    const { url, nc } = await natsServer();
    const stream = "REFUSEDINSTREAK";
    // Room for one message, which the test takes: each event after it is turned away (a
    // transient failure); one over 1,000 bytes is refused for good (max_msg_size).
    await (await jetstreamManager(nc)).streams.add({
      name: stream,
      subjects: [SUBJECT_WILDCARD],
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      max_msgs: 1,
      discard: DiscardPolicy.New,
      max_msg_size: 1_000,
    });
    await jetstream(nc).publish("org.statehub.test.filler", "{}");
    const log = captureLogger();
    relay = testRelay(testDb.database, url, stream, {
      logger: log.logger,
      // One event per batch: the drain goes on past a full batch, refused or not.
      batchSize: 1,
      backoff: { baseMs: 400, capMs: 1_600 },
      random: () => 1,
      parking: { parkAfterRefusals: 3, refusalRetryMs: 100 },
    });
    const active = relay;
    await active.start();
    await expect.poll(() => active.state, { timeout: 15_000 }).toBe("idle");

    // [big, plain]: the big one is refused, then the plain one fails and opens a streak. Each
    // retry of the plain one (after 400, 800, 1,600 ms) comes after a retry of the big one (due
    // 100 ms, then 200 ms after its refusal), which is refused again in a batch of its own.
    const [big = "", plain = ""] = await recordAtOnce(testDb.database, ["big", "plain"]);
    active.notify();
    await expect.poll(() => parked(big), { timeout: 15_000 }).not.toBeNull();
    await expect
      .poll(() => active.status().consecutiveFailures, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(3);
    expect(await outboxRow(testDb.database, big)).toMatchObject({ refusals: 3, publishedAt: null });
    expect(await outboxRow(testDb.database, plain)).toMatchObject({ refusals: 0, publishedAt: null });
    const messages = () => log.lines().map((l) => l.msg);
    // One streak since the first failure: the refused batches between its failures ended nothing.
    expect(messages().filter((m) => m === "relay: recovered")).toEqual([]);
    expect(messages().filter((m) => m === STREAK_STARTS)).toEqual([STREAK_STARTS]);

    // Room for the plain one: its success ends the streak.
    await (await jetstreamManager(nc)).streams.update(stream, { max_msgs: 2 });
    await expect.poll(() => published(plain), { timeout: 15_000 }).not.toBeNull();
    await expect.poll(() => active.status().consecutiveFailures, { timeout: 15_000 }).toBe(0);
    expect(messages().filter((m) => m === "relay: recovered")).toEqual(["relay: recovered"]);
    expect(messages().filter((m) => m === STREAK_STARTS)).toEqual([STREAK_STARTS]);
  });
});
