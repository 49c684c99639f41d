// What a settled batch does besides its marks (relay.ts settle()), and the wake-up it leaves
// behind, each staged against a real nats-server:
//
// - a batch NATS refused in full is no success: it does not end a streak of transient failures;
// - a refusal that says the stream is missing or in the wrong place ("no stream", "another
//   stream") makes the relay ensure the stream again before its next publish, also when the
//   batch was refused for mixed causes; no other refusal, and no acknowledged batch, does;
// - a refused row's retry wakes the relay even while the head row backs off for much longer,
//   and the head row's due time wakes it even while a refused row's retry is much further away.

import { randomUUID } from "node:crypto";
import { DiscardPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection, nanos } from "@nats-io/transport-node";
import { recordEvent } from "@statehub/api/outbox";
import { clearOutbox, openDefaultTestDatabase, outboxRow, type TestDatabase } from "@statehub/api/testing";
import { type Database, eventOutbox, type Tx } from "@statehub/db";
import { DUPLICATE_WINDOW_MS, SUBJECT_WILDCARD } from "@statehub/events";
import { natsServerAvailable, TestNatsServer } from "@statehub/testing";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  recordDecisionEvent,
  recordDecisionEventIn,
  recordRepoEvent,
  TEST_ORIGIN,
} from "../../test/events/support/events.js";
import { captureLogger } from "../../test/events/support/logger.js";
import { testRelay } from "../../test/events/support/relay.js";
import { streamIds } from "../../test/events/support/stream.js";
import type { OutboxRelay } from "./relay.js";

const HOUR = 3_600_000;
const STREAK_STARTS = "relay: publishing failed; retrying with backoff (repeats are summarised)";
/** Over 1,000 bytes once in an envelope: over the max_msg_size the streams below set. */
const LONG_URL = `https://git.example.com/${"b".repeat(1_000)}`;

/**
 * Records events in one transaction (one commit, one wake-up), in this order: a repo event whose
 * envelope is over 1,000 bytes ("big"), or a plain one; `shape` may then change their rows.
 */
async function recordAtOnce(
  database: Database,
  kinds: ("big" | "plain")[],
  shape: (tx: Tx, ids: string[]) => Promise<void> = async () => {},
): Promise<string[]> {
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
    await shape(tx, ids);
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

  /**
   * The JetStream API requests made about `stream` from now on (`INFO`, `UPDATE`, …), in order.
   * The relay ensuring a stream it cannot widen makes three: its own `INFO`, then nats.js's
   * `update`, which reads the config (`INFO`) and sends the `UPDATE` the server turns down.
   */
  async function streamRequests(nc: NatsConnection, stream: string): Promise<() => Promise<string[]>> {
    const requests: string[] = [];
    nc.subscribe(`$JS.API.STREAM.*.${stream}`, {
      callback: (_error, message) => {
        requests.push(message.subject.split(".")[3] ?? "");
      },
    });
    await nc.flush();
    // After a round trip to the server, every request it saw before is in.
    return async () => {
      await nc.flush();
      return [...requests];
    };
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

  describe("ensuring the stream again after a refusal", () => {
    const PARKING = { parkAfterRefusals: 2, refusalRetryMs: 300 };

    /** HUB (repo events, nothing over 1,000 bytes) and DECISIONS (decision events); a relay on HUB. */
    async function twoStreams() {
      const { url, nc } = await natsServer();
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({
        name: "HUB",
        subjects: ["org.statehub.repo.>"],
        duplicate_window: nanos(DUPLICATE_WINDOW_MS),
        max_msg_size: 1_000,
      });
      await jsm.streams.add({ name: "DECISIONS", subjects: ["org.statehub.decision.>"] });
      // The relay may manage streams, but cannot widen HUB over DECISIONS' subjects: each time it
      // ensures HUB, it inspects it, fails to update it, and publishes anyway.
      relay = testRelay(testDb.database, url, "HUB", { parking: PARKING, pollIntervalMs: HOUR });
      const active = relay;
      await active.start();
      await expect.poll(() => active.state, { timeout: 15_000 }).toBe("idle");
      // Counted from here: the check at connect is behind.
      const requests = await streamRequests(nc, "HUB");
      return { active, requests };
    }

    /** A plain event published: its loop turn ensured the stream first if a re-check was due. */
    async function onePlainEvent(active: OutboxRelay) {
      const plain = await recordRepoEvent(testDb.database);
      active.notify();
      await expect.poll(() => published(plain.id), { timeout: 15_000 }).not.toBeNull();
    }

    it("after each 'another stream' refusal", async () => {
      const { active, requests } = await twoStreams();
      const decision = await recordDecisionEvent(testDb.database);
      active.notify();
      await expect.poll(() => parked(decision.id), { timeout: 15_000 }).not.toBeNull();
      expect(await outboxRow(testDb.database, decision.id)).toMatchObject({
        refusals: 2,
        parkedReason: "subject org.statehub.decision.resolved belongs to another stream than HUB",
      });
      // The first refusal's re-check ran before the retry; the second's before the next publish.
      await onePlainEvent(active);
      expect(await requests()).toEqual(["INFO", "INFO", "UPDATE", "INFO", "INFO", "UPDATE"]);
    });

    it("after a batch refused for mixed causes, one of them 'another stream'", async () => {
      const { active, requests } = await twoStreams();
      // One batch: a repo event over HUB's max_msg_size and a decision event (DECISIONS' subject).
      const decision = await testDb.database.db.transaction(async (tx) => {
        await recordEvent(
          tx,
          "org.statehub.repo.registered",
          { repoId: randomUUID(), name: "org/big", domain: "platform", url: LONG_URL, defaultBranch: "main" },
          new Date(),
          TEST_ORIGIN,
        );
        return recordDecisionEventIn(tx);
      });
      active.notify();
      await expect.poll(() => parked(decision.id), { timeout: 15_000 }).not.toBeNull();
      const rows = await testDb.database.db.select().from(eventOutbox).orderBy(eventOutbox.position);
      expect(rows.map((r) => [r.refusals, r.parkedReason?.split(":")[0]])).toEqual([
        [2, "payload too large"],
        [2, "subject org.statehub.decision.resolved belongs to another stream than HUB"],
      ]);
      await onePlainEvent(active);
      expect(await requests()).toEqual(["INFO", "INFO", "UPDATE", "INFO", "INFO", "UPDATE"]);
    });

    it("not after a refusal of another kind, nor after an acknowledged batch", async () => {
      const { active, requests } = await twoStreams();
      await onePlainEvent(active);
      await onePlainEvent(active);
      const [big = ""] = await recordAtOnce(testDb.database, ["big"]);
      active.notify();
      await expect.poll(() => parked(big), { timeout: 15_000 }).not.toBeNull();
      expect((await outboxRow(testDb.database, big))?.parkedReason).toMatch(
        /^payload too large: the event is \d+ bytes, over stream HUB's max_msg_size$/,
      );
      await onePlainEvent(active);
      expect(await requests()).toEqual([]);
    });
  });

  it("a refused row's retry wakes the relay, though the head row backs off for an hour", async () => {
    const { url, nc } = await natsServer();
    const stream = "RETRYWAKES";
    await (await jetstreamManager(nc)).streams.add({
      name: stream,
      subjects: [SUBJECT_WILDCARD],
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      max_msg_size: 1_000,
    });
    // An hour's poll: only the wake-up the relay computes can bring the retry.
    relay = testRelay(testDb.database, url, stream, {
      pollIntervalMs: HOUR,
      parking: { parkAfterRefusals: 3, refusalRetryMs: 300 },
    });
    const active = relay;
    await active.start();
    await expect.poll(() => active.state, { timeout: 15_000 }).toBe("idle");

    // [big, head]: the big one is refused (retry due in 300 ms, then 600 ms); the one behind it
    // failed earlier and backs off for an hour, so the drain ends waiting for it.
    const dueAt = new Date(Date.now() + HOUR);
    const [big = "", head = ""] = await recordAtOnce(testDb.database, ["big", "plain"], async (tx, ids) => {
      await tx
        .update(eventOutbox)
        .set({ attempts: 1, lastError: "TimeoutError: timeout", nextAttemptAt: dueAt })
        .where(eq(eventOutbox.id, ids[1] ?? ""));
    });
    active.notify();
    // Refused three times and parked within seconds, not an hour.
    await expect.poll(() => parked(big), { timeout: 15_000 }).not.toBeNull();
    expect(await outboxRow(testDb.database, big)).toMatchObject({ attempts: 3, refusals: 3 });
    expect(await outboxRow(testDb.database, head)).toMatchObject({
      attempts: 1,
      refusals: 0,
      publishedAt: null,
      nextAttemptAt: dueAt,
    });
    expect(await streamIds(url, stream)).toEqual([]);
  });

  it("the head row's due time wakes the relay, though a refused row's retry is an hour away", async () => {
    const { url, nc } = await natsServer();
    const stream = "HEADWAKES";
    await (await jetstreamManager(nc)).streams.add({
      name: stream,
      subjects: [SUBJECT_WILDCARD],
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      max_msg_size: 1_000,
    });
    // An hour's poll and an hour between retries of a refused row: only the head row's due
    // time can wake the relay within the test.
    relay = testRelay(testDb.database, url, stream, {
      pollIntervalMs: HOUR,
      parking: { parkAfterRefusals: 3, refusalRetryMs: HOUR },
    });
    const active = relay;
    await active.start();
    await expect.poll(() => active.state, { timeout: 15_000 }).toBe("idle");

    // [big, head]: the big one is refused (its retry an hour away); the one behind it failed
    // earlier and is due again in a second, so the drain ends waiting for it.
    const [big = "", head = ""] = await recordAtOnce(testDb.database, ["big", "plain"], async (tx, ids) => {
      await tx
        .update(eventOutbox)
        .set({ attempts: 1, lastError: "TimeoutError: timeout", nextAttemptAt: new Date(Date.now() + 1_000) })
        .where(eq(eventOutbox.id, ids[1] ?? ""));
    });
    active.notify();
    await expect.poll(() => published(head), { timeout: 15_000 }).not.toBeNull();
    expect(await outboxRow(testDb.database, big)).toMatchObject({
      attempts: 1,
      refusals: 1,
      publishedAt: null,
    });
    expect(await streamIds(url, stream)).toEqual([head]);
  });
});
