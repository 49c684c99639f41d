// NATS restarted without its JetStream store (a server with no persistent volume, a store wiped
// by an operator): the stream the relay ensured at connect is gone when the client reconnects.
// The relay can create it again, so a lost stream is not a refusal: the events recorded during
// and after the outage must reach the new stream in commit order, each once, none counted as
// refused. (Handling it as a refusal sent the events of the outage after the later ones.)
import { rmSync } from "node:fs";
import { join } from "node:path";
import { openDefaultTestDatabase, outboxRows, type TestDatabase } from "@statehub/api/testing";
import { natsServerAvailable, TestNatsServer } from "@statehub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordRepoEventsAtOnce } from "../../test/events/support/events.js";
import { captureLogger } from "../../test/events/support/logger.js";
import { testRelay, unpublishedCount } from "../../test/events/support/relay.js";
import { streamIds } from "../../test/events/support/stream.js";
import type { OutboxRelay } from "./relay.js";

const STREAM = "LOSTINOUTAGE";

describe.runIf(natsServerAvailable())("a stream lost during a NATS outage", { timeout: 60_000 }, () => {
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

  it("is created again on reconnect: the outage's events, then the later ones, each once, none refused", async () => {
    const log = captureLogger();
    relay = testRelay(testDb.database, nats.url, STREAM, { logger: log.logger });
    const active = relay;
    await active.start();
    const before = await recordRepoEventsAtOnce(testDb.database, 3);
    active.notify();
    await expect.poll(() => streamIds(nats.url, STREAM), { timeout: 15_000 }).toEqual(before);

    await nats.stop("SIGKILL");
    // The server's JetStream store (TestNatsServer runs it with -sd storeDir).
    rmSync(join(nats.storeDir, "jetstream"), { recursive: true, force: true });
    await expect.poll(() => active.status().nats, { timeout: 15_000 }).toBe("reconnecting");
    const during = await recordRepoEventsAtOnce(testDb.database, 3);
    active.notify();
    await nats.restart();
    await expect.poll(() => active.status().nats, { timeout: 15_000 }).toBe("connected");
    const after = await recordRepoEventsAtOnce(testDb.database, 3);
    active.notify();

    await expect.poll(() => unpublishedCount(testDb.database), { timeout: 20_000 }).toBe(0);
    // The events published before the outage went with the old store; the rest are all here.
    expect(await streamIds(nats.url, STREAM)).toEqual([...during, ...after]);
    const rows = (await outboxRows(testDb.database)).slice(before.length);
    expect(rows.map((r) => [r.id, r.streamSequence, r.refusals, r.parkedAt])).toEqual(
      [...during, ...after].map((id, i) => [id, i + 1, 0, null]),
    );
    expect(active.status().consecutiveFailures).toBe(0);
    expect(log.lines().filter((l) => String(l.msg).includes("refused"))).toEqual([]);
  });
});
