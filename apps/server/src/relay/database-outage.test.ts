// The relay's database failing under it, for real: a Postgres cluster of the test's own, stopped
// at once (every connection cut, as in a crash or a failover) and started again, or one of the
// relay's connections cut while its batch's marks wait. The relay must keep running, report the
// database's error (not an error of its own making), LISTEN again, and once the database is back
// every event must be in the stream exactly once, in commit order, nothing left unpublished: a
// batch whose marks were lost is sent again and JetStream drops the copies (Nats-Msg-Id), and the
// relay counts each event as published once, when its mark commits.
import { type Database, eventOutbox, openPostgres } from "@statehub/db";
import { natsServerAvailable, TestNatsServer } from "@statehub/testing";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recordRepoEventsAtOnce } from "../../test/events/support/events.js";
import { backendsWaitingForLock, type HeldMarks, holdMarks } from "../../test/events/support/hold-marks.js";
import { type CapturedLogger, captureLogger } from "../../test/events/support/logger.js";
import { unpublishedCount } from "../../test/events/support/relay.js";
import { deleteStream, readStream, streamIds } from "../../test/events/support/stream.js";
import { PostgresCluster, postgresClusterAvailable } from "../../test/faults/support/postgres-cluster.js";
import { OutboxRelay } from "./relay.js";
import { RELAY_POOL_SIZE } from "./worker.js";

const HOUR = 3_600_000;
/** How postgres.js reports the database gone: the connection cut, or refused while it is down. */
const DATABASE_DOWN = /^Error: (write CONNECTION_CLOSED|connect ECONNREFUSED) 127\.0\.0\.1:\d+$/;
/** The relay's connections, told apart from the test's own in pg_stat_activity. */
const RELAY_APP = "relay-under-test";

describe.runIf(postgresClusterAvailable() && natsServerAvailable())(
  "the relay's database failing under it",
  { timeout: 60_000 },
  () => {
    let cluster: PostgresCluster;
    let clusterDown = false;
    /** The test's own handle: records events, reads rows, holds locks. */
    let database: Database;
    let nats: TestNatsServer;
    let stream = "";
    let streams = 0;
    let relay: OutboxRelay | undefined;
    let relayPool: Database | undefined;
    let log: CapturedLogger;
    /** Released after each test, whatever happened. */
    let heldMarks: HeldMarks | undefined;

    beforeAll(async () => {
      cluster = await PostgresCluster.create();
      database = await openPostgres({ url: cluster.url, max: 3 });
      await database.migrate();
      nats = await TestNatsServer.start();
    }, 60_000);
    afterAll(async () => {
      await database?.close();
      await nats?.dispose();
      cluster?.dispose();
    });
    beforeEach(async () => {
      streams += 1;
      stream = `DBOUTAGE${streams}`;
      log = captureLogger();
      await database.db.delete(eventOutbox);
    });
    afterEach(async () => {
      await heldMarks?.release();
      heldMarks = undefined;
      if (clusterDown) startCluster();
      await relay?.stop();
      await relayPool?.close();
      relay = undefined;
      relayPool = undefined;
      // Streams on one server may not overlap in subjects: each test has its own.
      await deleteStream(nats.url, stream);
    });

    function stopCluster(): void {
      cluster.stop();
      clusterDown = true;
    }
    function startCluster(): void {
      cluster.start();
      clusterDown = false;
    }

    /** A relay on a pool of the hub's relay's size, polling hourly: wake-ups are NOTIFYs. */
    async function startRelay(batchSize = 256): Promise<OutboxRelay> {
      relayPool = await openPostgres({
        url: cluster.url,
        max: RELAY_POOL_SIZE,
        applicationName: RELAY_APP,
        connectTimeoutSeconds: 2,
      });
      relay = new OutboxRelay({
        database: relayPool,
        nats: { url: nats.url, connectTimeoutMs: 1_000 },
        stream,
        logger: log.logger,
        pollIntervalMs: HOUR,
        publishTimeoutMs: 1_000,
        backoff: { baseMs: 50, capMs: 500 },
        batchSize,
        // Every failure logged, not only the first of a streak: the test reads each one's error.
        failureLogIntervalMs: 0,
      });
      await relay.start();
      return relay;
    }

    /** The error of every failure the relay logged, in order. */
    const failureErrors = () =>
      log
        .lines()
        .filter(
          (l) =>
            l.msg === "relay: publishing failed; retrying with backoff (repeats are summarised)" ||
            l.msg === "relay: still failing",
        )
        .map((l) => String(l.err));

    const relayBackendsWaiting = () => backendsWaitingForLock(database, RELAY_APP);

    /** Whether the relay's LISTEN connection is up (postgres.js re-establishes it after an outage). */
    async function relayListening(): Promise<boolean> {
      const rows = await database.db.execute<{ n: number }>(sql`
        select count(*)::int as n from pg_stat_activity
        where application_name = ${RELAY_APP} and query like 'listen %'`);
      return (Array.from(rows as unknown as { n: number }[])[0]?.n ?? 0) > 0;
    }

    it("down when the relay starts: LISTEN and claims fail and are reported; once up, it LISTENs and a commit wakes it", async () => {
      const before = await recordRepoEventsAtOnce(database, 3);
      stopCluster();
      const active = await startRelay();
      await expect.poll(() => active.status().failuresTotal, { timeout: 15_000 }).toBeGreaterThan(0);
      // Said at debug level (the poll covers meanwhile), with the database's reason.
      const listenFailed = log.lines().filter((l) => l.msg === "relay: LISTEN failed; polling meanwhile");
      expect(listenFailed[0]).toMatchObject({ level: 20, err: expect.stringMatching(DATABASE_DOWN) });
      startCluster();
      await expect.poll(() => streamIds(nats.url, stream), { timeout: 20_000 }).toEqual(before);
      await expect.poll(() => active.state, { timeout: 15_000 }).toBe("idle");
      expect(failureErrors().filter((e) => !DATABASE_DOWN.test(e))).toEqual([]);
      // LISTENing now: a commit wakes the relay, though it polls hourly and nothing calls notify().
      const later = await recordRepoEventsAtOnce(database, 2);
      await expect
        .poll(() => streamIds(nats.url, stream), { timeout: 15_000 })
        .toEqual([...before, ...later]);
      // The stream holds the events once NATS acknowledged them; the relay counts them once marked.
      await expect.poll(() => active.status().publishedTotal, { timeout: 15_000 }).toBe(5);
      expect(active.status().consecutiveFailures).toBe(0);
    });

    it("stopped while idle, started again: the relay LISTENs again and a commit wakes it", async () => {
      const active = await startRelay();
      await expect.poll(() => active.state, { timeout: 15_000 }).toBe("idle");
      stopCluster();
      startCluster();
      // postgres.js re-establishes the relay's LISTEN by itself; wait for it, then commit.
      await expect.poll(relayListening, { timeout: 15_000 }).toBe(true);
      const ids = await recordRepoEventsAtOnce(database, 2);
      await expect.poll(() => streamIds(nats.url, stream), { timeout: 15_000 }).toEqual(ids);
      // Counted once the marks commit, a moment after the stream has the events.
      await expect.poll(() => active.status().publishedTotal, { timeout: 15_000 }).toBe(2);
      expect(active.status().failuresTotal).toBe(0);
    });

    it("stopped while a batch and the ones claimed ahead wait to commit: reported, survived, each event once, in order", async () => {
      const ids = await recordRepoEventsAtOnce(database, 16);
      heldMarks = await holdMarks(database);
      const marks = heldMarks;
      const active = await startRelay(4);
      // The first batch is published and waits at its marks; so do the ones claimed ahead behind
      // it, one per connection of the pool; the last batch waits for a connection.
      await expect.poll(relayBackendsWaiting, { timeout: 15_000 }).toHaveLength(RELAY_POOL_SIZE);
      await expect
        .poll(async () => (await readStream(nats.url, stream)).length, { timeout: 15_000 })
        .toBe(4 * RELAY_POOL_SIZE);
      stopCluster();
      await marks.release();
      await expect.poll(() => active.status().failuresTotal, { timeout: 15_000 }).toBeGreaterThan(0);
      startCluster();
      await expect.poll(() => unpublishedCount(database), { timeout: 30_000 }).toBe(0);
      // Both batches were sent again once the database was back; the stream kept one copy of each.
      const stored = await readStream(nats.url, stream);
      expect(stored.map((e) => e.msgId)).toEqual(ids);
      const errors = failureErrors();
      expect(errors[0]).toMatch(/CONNECTION_CLOSED/);
      expect(errors.filter((e) => !DATABASE_DOWN.test(e))).toEqual([]);
      // Each event counted once, when its mark committed (the waiting batches on their re-send).
      await expect.poll(() => active.status().publishedTotal, { timeout: 15_000 }).toBe(16);
      expect(active.status().consecutiveFailures).toBe(0);
    });

    it("one connection cut while its batch waits to commit: the batch claimed ahead still commits and is counted; each event once, in order", async () => {
      const ids = await recordRepoEventsAtOnce(database, 16);
      heldMarks = await holdMarks(database);
      const marks = heldMarks;
      const active = await startRelay(4);
      await expect.poll(relayBackendsWaiting, { timeout: 15_000 }).toHaveLength(RELAY_POOL_SIZE);
      const [first] = await relayBackendsWaiting();
      await database.db.execute(sql`select pg_terminate_backend(${first})`);
      await marks.release();
      await expect.poll(() => unpublishedCount(database), { timeout: 30_000 }).toBe(0);
      const stored = await readStream(nats.url, stream);
      expect(stored.map((e) => e.msgId)).toEqual(ids);
      // One failure, the database's; the batch claimed ahead (and what it claimed ahead) counted
      // once their marks committed, the first batch's rows on their re-send.
      await expect.poll(() => active.status().failuresTotal, { timeout: 15_000 }).toBe(1);
      expect(failureErrors()).toEqual([expect.stringMatching(/CONNECTION_CLOSED/)]);
      await expect.poll(() => active.status().publishedTotal, { timeout: 15_000 }).toBe(16);
    });
  },
);
