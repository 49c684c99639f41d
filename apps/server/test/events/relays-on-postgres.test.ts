import { withClaimedBatch } from "@statehub/api/outbox";
import { openDefaultTestDatabase as openTestDatabase, type TestDatabase } from "@statehub/api/testing";
import { type Database, eventOutbox } from "@statehub/db";
import { databaseAndNatsAvailable, TestNatsServer } from "@statehub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboxRelay } from "../../src/relay/relay.js";
import { recordRepoEvent, recordRepoEvents } from "./support/events.js";
import { testRelay, unpublishedCount } from "./support/relay.js";
import { deleteStream, streamIds } from "./support/stream.js";

// Behaviour only a real Postgres has: several connections (server processes), LISTEN/NOTIFY
// across them, and row locks with SKIP LOCKED.
describe.runIf(databaseAndNatsAvailable())("relays on Postgres", { timeout: 60_000 }, () => {
  let testDb: TestDatabase;
  let writer: Database;
  let nats: TestNatsServer;
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    testDb = await openTestDatabase();
    writer = testDb.database;
    nats = await TestNatsServer.start();
  }, 60_000);
  afterAll(async () => {
    for (const relay of relays) await relay.stop();
    await nats?.dispose();
    await testDb?.cleanup();
  });

  it("two concurrent claims never share a row", async () => {
    const ids = await recordRepoEvents(writer, 10);
    const other = await testDb.openAnother();
    const now = new Date();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let firstClaim: string[] = [];
    const first = withClaimedBatch(writer, { limit: 6, now }, async (batch) => {
      firstClaim = batch.rows.map((r) => r.id);
      await held;
    });
    await expect.poll(() => firstClaim.length).toBe(6);
    const second = await withClaimedBatch(other, { limit: 100, now }, async (batch) =>
      batch.rows.map((r) => r.id),
    );
    release();
    await first;
    expect(firstClaim).toEqual(ids.slice(0, 6));
    expect(second).toEqual(ids.slice(6));
    await writer.db.delete(eventOutbox);
  });

  it("two relays (separate connections) put every event in the stream exactly once", async () => {
    const stream = "TWORELAYS";
    // Each relay has its own database pool and NATS connection, as two server processes would,
    // and learns about commits only through LISTEN/NOTIFY (nobody calls notify()).
    for (let i = 0; i < 2; i += 1) {
      const relay = testRelay(await testDb.openAnother(), nats.url, stream);
      relays.push(relay);
      await relay.start();
    }
    const writers = Array.from({ length: 4 }, async () => {
      const ids: string[] = [];
      for (let i = 0; i < 50; i += 1) ids.push((await recordRepoEvent(writer)).id);
      return ids;
    });
    const written = (await Promise.all(writers)).flat();
    await expect.poll(() => unpublishedCount(writer), { timeout: 30_000 }).toBe(0);
    const inStream = await streamIds(nats.url, stream);
    expect(inStream).toHaveLength(written.length);
    expect(new Set(inStream)).toEqual(new Set(written));
    for (const relay of relays.splice(0)) await relay.stop();
    await deleteStream(nats.url, stream);
  });
});
