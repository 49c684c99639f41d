// On PGlite the relay must not claim ahead: its claim is a short transaction that ends before the
// publish (one connection, shared with every API request), so nothing locks a batch's rows while
// they wait for their marks, and a claim made then would take the same rows again. A backlog of
// full batches must go out with each event published, acknowledged and counted once.
import { openTestPglite, type TestDatabase } from "@statehub/api/testing";
import { natsServerAvailable, TestNatsServer } from "@statehub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordRepoEventsAtOnce } from "../../test/events/support/events.js";
import { testRelay, unpublishedCount } from "../../test/events/support/relay.js";
import { streamIds } from "../../test/events/support/stream.js";
import type { OutboxRelay } from "./relay.js";

const STREAM = "PGLITEBATCHES";

describe.runIf(natsServerAvailable())("a backlog of full batches on PGlite", { timeout: 60_000 }, () => {
  let testDb: TestDatabase;
  let nats: TestNatsServer;
  let relay: OutboxRelay | undefined;

  beforeAll(async () => {
    testDb = await openTestPglite();
    nats = await TestNatsServer.start();
  }, 60_000);
  afterAll(async () => {
    await relay?.stop();
    await nats?.dispose();
    await testDb?.cleanup();
  });

  it("publishes each event once: no batch claimed twice, no duplicate acknowledged", async () => {
    const ids = await recordRepoEventsAtOnce(testDb.database, 40);
    relay = testRelay(testDb.database, nats.url, STREAM, { batchSize: 8 });
    const published = { events: 0, duplicates: 0 };
    relay.addCounters({
      onPublished: (events, duplicates) => {
        published.events += events;
        published.duplicates += duplicates;
      },
      onFailed: () => {},
      onRefused: () => {},
    });
    await relay.start();
    await expect.poll(() => unpublishedCount(testDb.database), { timeout: 20_000 }).toBe(0);
    expect(await streamIds(nats.url, STREAM)).toEqual(ids);
    await expect.poll(() => relay?.status().publishedTotal, { timeout: 15_000 }).toBe(40);
    expect(published).toEqual({ events: 40, duplicates: 0 });
  });
});
