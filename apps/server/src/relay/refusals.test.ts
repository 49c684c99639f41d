import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { retryParked, rowsOf } from "@statehub/api/outbox";
import { clearOutbox, openDefaultTestDatabase, outboxRow, type TestDatabase } from "@statehub/api/testing";
import { natsServerAvailable, TestNatsServer } from "@statehub/testing";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { countingClaims } from "../../test/events/support/claims.js";
import { recordDecisionEvent, recordRepoEvent } from "../../test/events/support/events.js";
import { captureLogger } from "../../test/events/support/logger.js";
import { testRelay } from "../../test/events/support/relay.js";
import { ADMIN, PUBLISHER, startRestrictedNats } from "../../test/events/support/restricted-nats.js";
import { readStreamWith } from "../../test/events/support/stream.js";
import type { OutboxRelay } from "./relay.js";

// NATS refusing a publish for real, for each permanent reason: the refused event is retried out
// of line, parked on its third refusal with its reason, and never holds back the events behind
// it; once the cause is fixed, a retry publishes it exactly once.

const PARKING = { parkAfterRefusals: 3, refusalRetryMs: 100 };

describe.runIf(natsServerAvailable())("events NATS refuses for good", { timeout: 120_000 }, () => {
  let testDb: TestDatabase;
  let relay: OutboxRelay | undefined;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    testDb = await openDefaultTestDatabase();
  }, 60_000);
  afterAll(() => testDb?.cleanup());
  beforeEach(() => clearOutbox(testDb.database));
  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function adminOf(url: string, auth = true): Promise<NatsConnection> {
    const nc = await connect({ servers: url, ...(auth ? { user: ADMIN.user, pass: ADMIN.password } : {}) });
    cleanups.push(() => nc.close());
    return nc;
  }

  /** A repo event, a decision event (the one refused), a repo event; then waits for the parking. */
  async function refuseTheMiddleOne(options: {
    stream: string;
    parkedReason: string;
    logger?: ReturnType<typeof captureLogger>;
  }) {
    const before = await recordRepoEvent(testDb.database);
    const refused = await recordDecisionEvent(testDb.database);
    const after = await recordRepoEvent(testDb.database);
    relay?.notify();
    await expect
      .poll(async () => (await outboxRow(testDb.database, refused.id))?.parkedAt ?? null, { timeout: 30_000 })
      .not.toBeNull();
    expect(await outboxRow(testDb.database, refused.id)).toMatchObject({
      publishedAt: null,
      attempts: 3,
      refusals: 3,
      lastError: options.parkedReason,
      parkedReason: options.parkedReason,
      nextAttemptAt: null,
    });
    for (const id of [before.id, after.id]) {
      expect(await outboxRow(testDb.database, id)).toMatchObject({
        attempts: 1,
        refusals: 0,
        lastError: null,
        parkedAt: null,
      });
    }
    return { before: before.id, refused: refused.id, after: after.id };
  }

  async function retryAndExpectOnce(
    nc: NatsConnection,
    stream: string,
    ids: { before: string; refused: string; after: string },
    attempts: number[] = [4],
  ) {
    expect(await retryParked(testDb.database.db, { ids: [ids.refused] })).toEqual({
      retried: [ids.refused],
      notParked: [],
    });
    relay?.notify();
    await expect
      .poll(async () => (await outboxRow(testDb.database, ids.refused))?.publishedAt ?? null, {
        timeout: 15_000,
      })
      .not.toBeNull();
    const row = await outboxRow(testDb.database, ids.refused);
    expect(attempts).toContain(row?.attempts);
    expect(row).toMatchObject({
      refusals: 0,
      lastError: null,
      parkedAt: null,
      parkedReason: null,
    });
    expect((await readStreamWith(nc, stream)).map((m) => m.msgId)).toEqual([
      ids.before,
      ids.after,
      ids.refused,
    ]);
  }

  it("no stream captures the subject (an operator's stream, a relay that may not change it)", async () => {
    const nats = await startRestrictedNats();
    cleanups.push(() => nats.stop());
    const admin = await adminOf(nats.url);
    const jsm = await jetstreamManager(admin);
    await jsm.streams.add({ name: "OPERATED", subjects: ["org.statehub.repo.>"] });
    const log = captureLogger();
    relay = testRelay(testDb.database, nats.url, "OPERATED", {
      nats: { url: nats.url, user: PUBLISHER.user, password: PUBLISHER.password, connectTimeoutMs: 1_000 },
      parking: PARKING,
      logger: log.logger,
    });
    await relay.start();
    const ids = await refuseTheMiddleOne({
      stream: "OPERATED",
      parkedReason:
        "no stream for subject org.statehub.decision.resolved: no JetStream stream captures it (expected OPERATED)",
    });
    expect((await readStreamWith(admin, "OPERATED")).map((m) => m.msgId)).toEqual([ids.before, ids.after]);
    const parkedLines = log.lines().filter((l) => String(l.msg).includes("events parked"));
    expect(parkedLines).toHaveLength(1);
    expect(parkedLines[0]).toMatchObject({
      level: 40,
      count: 1,
      events: [{ id: ids.refused, subject: "org.statehub.decision.resolved", attempts: 3 }],
    });
    // Refusals are not failures of the relay: no failure streak, no backoff.
    expect(relay.status()).toMatchObject({ consecutiveFailures: 0, failuresTotal: 0 });

    await jsm.streams.update("OPERATED", { subjects: ["org.statehub.>"] });
    await retryAndExpectOnce(admin, "OPERATED", ids);
  });

  it("the hub's NATS user may not publish on the subject", async () => {
    const nats = await startRestrictedNats({ publishAllow: ["org.statehub.repo.>"] });
    cleanups.push(() => nats.stop());
    const admin = await adminOf(nats.url);
    await (await jetstreamManager(admin)).streams.add({ name: "OPERATED", subjects: ["org.statehub.>"] });
    relay = testRelay(testDb.database, nats.url, "OPERATED", {
      nats: { url: nats.url, user: PUBLISHER.user, password: PUBLISHER.password, connectTimeoutMs: 1_000 },
      parking: PARKING,
    });
    await relay.start();
    const ids = await refuseTheMiddleOne({
      stream: "OPERATED",
      parkedReason: "publish to org.statehub.decision.resolved not permitted for the hub's NATS user",
    });
    expect((await readStreamWith(admin, "OPERATED")).map((m) => m.msgId)).toEqual([ids.before, ids.after]);
    expect(relay.status().consecutiveFailures).toBe(0);
    await nats.reload({ publishAllow: ["org.statehub.>"] });
    await retryAndExpectOnce(admin, "OPERATED", ids);
  });

  it("another stream than the hub's holds the subject", async () => {
    const nats = await TestNatsServer.start();
    cleanups.push(() => nats.dispose());
    const nc = await adminOf(nats.url, false);
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "HUB", subjects: ["org.statehub.repo.>"] });
    await jsm.streams.add({ name: "DECISIONS", subjects: ["org.statehub.decision.>"] });
    // The relay may manage streams, but cannot widen HUB over DECISIONS' subjects: it warns and
    // publishes anyway.
    const log = captureLogger();
    relay = testRelay(testDb.database, nats.url, "HUB", { parking: PARKING, logger: log.logger });
    await relay.start();
    const ids = await refuseTheMiddleOne({
      stream: "HUB",
      parkedReason: "subject org.statehub.decision.resolved belongs to another stream than HUB",
    });
    expect((await readStreamWith(nc, "HUB")).map((m) => m.msgId)).toEqual([ids.before, ids.after]);
    expect(await readStreamWith(nc, "DECISIONS")).toEqual([]);
    // Each refusal checked the stream again (three, at least); the operator is told once, with why.
    const warnings = log.lines().filter((l) => l.level === 40 && l.stream === "HUB");
    expect(warnings).toEqual([
      expect.objectContaining({
        msg: "relay: cannot create or inspect the stream (not permitted?); publishing anyway",
        reason: expect.stringContaining("subjects overlap"),
      }),
    ]);
    // The fix: the other stream goes. Every refusal makes the relay ensure HUB again, and with
    // DECISIONS gone it can widen HUB: the retry is published at once, or after one more
    // refusal if that check came before the deletion.
    await jsm.streams.delete("DECISIONS");
    await retryAndExpectOnce(nc, "HUB", ids, [4, 5]);
    expect((await jsm.streams.info("HUB")).config.subjects).toEqual(["org.statehub.>"]);
  });

  it("larger than the stream's max_msg_size", async () => {
    const nats = await TestNatsServer.start();
    cleanups.push(() => nats.dispose());
    const nc = await adminOf(nats.url, false);
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({
      name: "SMALL",
      subjects: ["org.statehub.>"],
      max_msg_size: 600,
      duplicate_window: 600_000_000_000,
    });
    const counted = countingClaims(testDb.database);
    relay = testRelay(counted.database, nats.url, "SMALL", { parking: PARKING });
    await relay.start();
    const before = await recordRepoEvent(testDb.database);
    const big = await recordRepoEvent(
      testDb.database,
      "org/big",
      `https://git.example.com/${"b".repeat(600)}`,
    );
    const after = await recordRepoEvent(testDb.database);
    relay.notify();
    await expect
      .poll(async () => (await outboxRow(testDb.database, big.id))?.parkedAt ?? null, { timeout: 30_000 })
      .not.toBeNull();
    // The size of what is published: the stored envelope's JSON text, as the database writes it.
    const [size] = rowsOf<{ bytes: number }>(
      await testDb.database.db.execute(
        sql`select octet_length(envelope::text) as bytes from event_outbox where id = ${big.id}`,
      ),
    );
    expect((await outboxRow(testDb.database, big.id))?.parkedReason).toBe(
      `payload too large: the event is ${size?.bytes} bytes, over stream SMALL's max_msg_size`,
    );
    expect((await readStreamWith(nc, "SMALL")).map((m) => m.msgId)).toEqual([before.id, after.id]);
    // Parked, the event has no retry time left: the relay waits for the next commit, it does not
    // keep claiming because a retry time it once had is past.
    await expect.poll(() => relay?.state).toBe("idle");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const settled = counted.claims();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(counted.claims()).toBe(settled);
    await jsm.streams.update("SMALL", { subjects: ["org.statehub.>"], max_msg_size: -1 });
    expect(await retryParked(testDb.database.db, { all: true })).toEqual({
      retried: [big.id],
      notParked: [],
    });
    relay.notify();
    await expect
      .poll(async () => (await readStreamWith(nc, "SMALL")).map((m) => m.msgId), { timeout: 15_000 })
      .toEqual([before.id, after.id, big.id]);
  });
});
