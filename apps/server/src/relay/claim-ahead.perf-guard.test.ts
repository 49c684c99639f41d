// The relay claims the next batch while the last one is published and marked (relay.ts,
// claim-ahead), and lets that claim go unpublished when the last batch was not fully
// acknowledged: a backlog many batches long must still reach the stream in commit order, each
// event once, every row marked; a failed or refused event must not let the batch behind it
// through early, nor leave it waiting; and two relays doing so on the same outbox still publish
// each event once.
import { DiscardPolicy, jetstreamManager, type StreamConfig } from "@nats-io/jetstream";
import { connect, nanos } from "@nats-io/transport-node";
import type { ParkingPolicy } from "@statehub/api/outbox";
import { openTestPostgres } from "@statehub/api/testing";
import { type Database, eventOutbox, openPostgres } from "@statehub/db";
import { DUPLICATE_WINDOW_MS, SUBJECT_WILDCARD } from "@statehub/events";
import { natsServerAvailable, TestNatsServer } from "@statehub/testing";
import { asc, isNull, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { recordRepoEvent, recordRepoEventsAtOnce } from "../../test/events/support/events.js";
import { backendsWaitingForLock, holdMarks } from "../../test/events/support/hold-marks.js";
import { captureLogger } from "../../test/events/support/logger.js";
import { deleteStream, streamIds } from "../../test/events/support/stream.js";
import type { BackoffPolicy } from "./backoff.js";
import { OutboxRelay } from "./relay.js";
import { RELAY_POOL_SIZE } from "./worker.js";

const HOUR = 3_600_000;
/** The relays' connections, told apart from the test's own in pg_stat_activity. */
const RELAY_APP = "claim-ahead-relay";

describe.runIf(natsServerAvailable() && process.env.DATABASE_URL)(
  "relay claiming ahead on Postgres",
  { timeout: 60_000 },
  () => {
    let testDb: Awaited<ReturnType<typeof openTestPostgres>>;
    let nats: TestNatsServer;
    let stream = "";
    let streams = 0;
    const relays: OutboxRelay[] = [];
    const pools: Database[] = [];

    beforeAll(async () => {
      testDb = await openTestPostgres();
      nats = await TestNatsServer.start();
    }, 60_000);
    afterAll(async () => {
      await nats?.dispose();
      await testDb?.cleanup();
    });
    afterEach(async () => {
      for (const relay of relays.splice(0)) await relay.stop();
      for (const pool of pools.splice(0)) await pool.close();
      await deleteStream(nats.url, stream);
      await testDb.database.db.delete(eventOutbox);
    });

    /** A relay on a pool of the hub's relay worker's size. */
    async function startRelay(
      batchSize: number,
      backoff?: BackoffPolicy,
      parking?: ParkingPolicy,
    ): Promise<OutboxRelay> {
      const pool = await openPostgres({ url: testDb.url, max: RELAY_POOL_SIZE, applicationName: RELAY_APP });
      pools.push(pool);
      const relay = new OutboxRelay({
        database: pool,
        nats: { url: nats.url },
        stream,
        logger: captureLogger().logger,
        pollIntervalMs: HOUR,
        batchSize,
        ...(backoff ? { backoff } : {}),
        ...(parking ? { parking } : {}),
      });
      relays.push(relay);
      await relay.start();
      return relay;
    }

    /** The test's stream, created beforehand with these limits (the relay then publishes to it). */
    async function addStream(limits: Partial<StreamConfig>): Promise<void> {
      const nc = await connect({ servers: nats.url });
      await (await jetstreamManager(nc)).streams.add({
        name: stream,
        subjects: [SUBJECT_WILDCARD],
        duplicate_window: nanos(DUPLICATE_WINDOW_MS),
        ...limits,
      });
      await nc.close();
    }

    /** Each outbox row in position order: id, published or not, attempts. */
    async function outboxRows(): Promise<Array<[string, boolean, number]>> {
      const rows = await testDb.database.db
        .select({ id: eventOutbox.id, published: eventOutbox.publishedAt, attempts: eventOutbox.attempts })
        .from(eventOutbox)
        .orderBy(asc(eventOutbox.position));
      return rows.map((row) => [row.id, row.published !== null, row.attempts]);
    }

    const unpublished = async () =>
      (await testDb.database.db.select().from(eventOutbox).where(isNull(eventOutbox.publishedAt))).length;

    it("a backlog of 25 full batches arrives in commit order, each event once, all marked", async () => {
      streams += 1;
      stream = `AHEAD${streams}`;
      const relay = await startRelay(8);
      const ids = await recordRepoEventsAtOnce(testDb.database, 200);
      relay.notify();
      await expect.poll(() => streamIds(nats.url, stream), { timeout: 30_000 }).toEqual(ids);
      await expect.poll(unpublished).toBe(0);
      expect(relay.status().publishedTotal).toBe(200);
    });

    it("events committed one at a time while batches are out arrive in commit order, each once", async () => {
      // Each commit is notified while the relay may be claiming, publishing or marking the last
      // batch: short batches, one after the other, never one claimed ahead of another.
      streams += 1;
      stream = `AHEAD${streams}`;
      const relay = await startRelay(256);
      const ids: string[] = [];
      for (let i = 0; i < 300; i += 1) {
        ids.push((await recordRepoEvent(testDb.database)).id);
        relay.notify();
      }
      await expect.poll(() => streamIds(nats.url, stream), { timeout: 30_000 }).toEqual(ids);
      await expect.poll(unpublished).toBe(0);
      expect(relay.status().publishedTotal).toBe(300);
    });

    it("a full batch with an event JetStream did not take holds back the batches behind it", async () => {
      streams += 1;
      stream = `AHEAD${streams}`;
      // A stream that holds one message and turns the next ones away (discard new): a transient,
      // per-message failure, so the second event of the first batch fails and the first goes in.
      await addStream({ max_msgs: 1, discard: DiscardPolicy.New });
      const ids = await recordRepoEventsAtOnce(testDb.database, 6);
      // The batch behind the first is claimed while the first is published, before the failure is
      // known: it must be let go unpublished. The first batch's marks also wait until released:
      // a fresh claim made before they commit would read the failed event still locked, not yet
      // backing off, and take the rows behind it; without the wait that claim would come after
      // the commit, when the backing-off event stops it, and the test would pass either way.
      const marks = await holdMarks(testDb.database);
      // The failed event backs off for an hour: its retry (with the row behind it, once it is
      // due) must not land before the rows are read, however slow the machine.
      const relay = await startRelay(2, { baseMs: HOUR, capMs: HOUR });
      relay.notify();
      const waiting = () => backendsWaitingForLock(testDb.database, RELAY_APP);
      await expect.poll(waiting, { timeout: 15_000 }).toHaveLength(1);
      // A claim ahead takes a few round trips to reach its own marks: wait for it to show, up
      // to a bound far above that (no claim ahead, the right outcome, shows nothing to wait for).
      for (const until = Date.now() + 2_000; Date.now() < until && (await waiting()).length < 2; ) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await marks.release();
      // The failure is counted once the batch and whatever was claimed ahead of it are settled.
      await expect.poll(() => relay.status().consecutiveFailures, { timeout: 20_000 }).toBeGreaterThan(0);
      expect(await outboxRows()).toEqual([
        [ids[0], true, 1],
        [ids[1], false, 1],
        // Behind the failed event: not even tried, so never ahead of it in the stream.
        [ids[2], false, 0],
        [ids[3], false, 0],
        [ids[4], false, 0],
        [ids[5], false, 0],
      ]);
      expect(await streamIds(nats.url, stream)).toEqual([ids[0]]);
    });

    it("a full batch with an event NATS refused lets the batch claimed behind it go, then publishes it", async () => {
      streams += 1;
      stream = `AHEAD${streams}`;
      await addStream({ max_msg_size: 600 });
      // The refused event waits an hour for its retry, and nothing wakes the relay but the one
      // commit below: the events behind it arrive only if that drain goes on after letting the
      // batch claimed ahead go.
      const relay = await startRelay(2, undefined, { parkAfterRefusals: 3, refusalRetryMs: HOUR });
      await expect.poll(() => relay.state).toBe("idle");
      // Six events, one commit; the second larger than the stream takes.
      const [first, big, ...behind] = await recordRepoEventsAtOnce(testDb.database, 6, async (tx, ids) => {
        await tx.execute(
          sql`update event_outbox set envelope = jsonb_set(envelope, '{data,url}', to_jsonb(repeat('b', 600))) where id = ${ids[1]}`,
        );
      });
      await expect.poll(() => streamIds(nats.url, stream), { timeout: 20_000 }).toEqual([first, ...behind]);
      // Each published once; the released claim is not an attempt.
      expect(await outboxRows()).toEqual([
        [first, true, 1],
        [big, false, 1],
        ...behind.map((id) => [id, true, 1]),
      ]);
      expect(relay.status().publishedTotal).toBe(5);
    });

    it("stopped in the middle of a backlog: ends after the batches in flight; a new relay sends the rest, each once, in order", async () => {
      streams += 1;
      stream = `AHEAD${streams}`;
      const total = 4_000;
      const first = await startRelay(8);
      await expect.poll(() => first.state).toBe("idle");
      const ids = await recordRepoEventsAtOnce(testDb.database, total);
      await expect.poll(() => first.status().publishedTotal, { timeout: 15_000 }).toBeGreaterThan(0);
      await first.stop();
      // Stopping lets the batch claimed ahead go unpublished: the drain does not run on through
      // the backlog (500 batches) while stop() waits for it.
      const sent = await streamIds(nats.url, stream);
      expect(sent.length).toBeLessThan(total);
      expect(sent).toEqual(ids.slice(0, sent.length));
      expect(await unpublished()).toBe(total - sent.length);

      const second = await startRelay(256);
      second.notify();
      await expect.poll(unpublished, { timeout: 30_000 }).toBe(0);
      expect(await streamIds(nats.url, stream)).toEqual(ids);
    });

    it("two relays claiming ahead on one outbox publish each event once", async () => {
      streams += 1;
      stream = `AHEAD${streams}`;
      const first = await startRelay(8);
      const second = await startRelay(8);
      const ids = await recordRepoEventsAtOnce(testDb.database, 300);
      first.notify();
      second.notify();
      await expect.poll(unpublished, { timeout: 30_000 }).toBe(0);
      const stored = await streamIds(nats.url, stream);
      expect([...stored].sort()).toEqual([...ids].sort());
      expect(new Set(stored).size).toBe(300);
    });
  },
);
