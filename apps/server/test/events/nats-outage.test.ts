import { openDefaultTestDatabase as openTestDatabase, type TestDatabase } from "@statehub/api/testing";
import type { Database } from "@statehub/db";
import { natsServerAvailable, TestNatsServer } from "@statehub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboxRelay } from "../../src/relay/relay.js";
import { recordRepoEvent, recordRepoEvents } from "./support/events.js";
import { testRelay, unpublishedCount } from "./support/relay.js";
import { deleteStream, streamIds } from "./support/stream.js";

describe.runIf(natsServerAvailable())("NATS outages", { timeout: 60_000 }, () => {
  let testDb: TestDatabase;
  let database: Database;
  let nats: TestNatsServer;
  let relay: OutboxRelay | undefined;

  beforeAll(async () => {
    testDb = await openTestDatabase();
    database = testDb.database;
    nats = await TestNatsServer.start();
  }, 60_000);
  afterAll(async () => {
    await relay?.stop();
    await nats?.dispose();
    await testDb?.cleanup();
  });

  it("without NATS events accumulate; once it is configured they are all delivered, in order", async () => {
    const stream = "LATESTART";
    const off = testRelay(database, nats.url, stream, { nats: undefined });
    await off.start();
    const ids = await recordRepoEvents(database, 30);
    expect(await unpublishedCount(database)).toBe(30);
    expect(await streamIds(nats.url, stream)).toEqual([]);
    await off.stop();

    relay = testRelay(database, nats.url, stream);
    await relay.start();
    await expect.poll(() => unpublishedCount(database), { timeout: 15_000 }).toBe(0);
    expect(await streamIds(nats.url, stream)).toEqual(ids);
    await relay.stop();
    relay = undefined;
    await deleteStream(nats.url, stream);
  });

  it("NATS killed while writes continue, then restarted: every event in the stream exactly once", async () => {
    const stream = "OUTAGE";
    relay = testRelay(database, nats.url, stream);
    const onCommit = relay;
    await relay.start();
    const written: string[] = [];
    const write = async (count: number) => {
      for (let i = 0; i < count; i += 1) {
        written.push((await recordRepoEvent(database)).id);
        onCommit.notify();
      }
    };
    await write(60);
    await nats.stop("SIGKILL");
    // Every write succeeds while NATS is gone.
    await write(60);
    expect(relay.status().nats).not.toBe("connected");
    await nats.restart();
    await write(60);
    await expect.poll(() => unpublishedCount(database), { timeout: 30_000 }).toBe(0);
    const inStream = await streamIds(nats.url, stream);
    expect(inStream).toHaveLength(written.length);
    expect(new Set(inStream)).toEqual(new Set(written));
  });
});
