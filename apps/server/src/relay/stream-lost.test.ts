// The stream the relay ensured at connect, gone while the relay runs. The relay can create it
// again, so a lost stream is not a reason to park events, nor to send them out of order.
//
// NATS restarted without its JetStream store (a server with no persistent volume, a store wiped
// by an operator): the stream is gone when the client reconnects. The events recorded during and
// after the outage must reach the new stream in commit order, each once, none refused. (Handling
// it as a refusal sent the events of the outage after the later ones.)
//
// The stream deleted while the relay stays connected: the first publishes are refused ("no
// stream"), which makes the relay ensure the stream again; the refused events go out on their
// retry, none parked.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { outboxRows } from "@statehub/api/testing";
import { natsServerAvailable } from "@statehub/testing";
import { describe, expect, it } from "vitest";
import { recordRepoEventsAtOnce } from "../../test/events/support/events.js";
import { captureLogger } from "../../test/events/support/logger.js";
import { testRelay, unpublishedCount } from "../../test/events/support/relay.js";
import { relaySuite } from "../../test/events/support/relay-suite.js";
import { deleteStream, streamIds } from "../../test/events/support/stream.js";
import type { OutboxRelay } from "./relay.js";

describe.runIf(natsServerAvailable())("a stream lost under a running relay", { timeout: 60_000 }, () => {
  // One stream per test (streams on one server may not overlap in subjects).
  const suite = relaySuite("LOST");
  let relay: OutboxRelay | undefined;

  it("during a NATS outage: created again on reconnect; the outage's events, then the later ones, each once, none refused", async () => {
    const log = captureLogger();
    relay = suite.track(testRelay(suite.database, suite.nats.url, suite.stream, { logger: log.logger }));
    const active = relay;
    await active.start();
    const before = await recordRepoEventsAtOnce(suite.database, 3);
    active.notify();
    await expect.poll(() => streamIds(suite.nats.url, suite.stream), { timeout: 15_000 }).toEqual(before);

    await suite.nats.stop("SIGKILL");
    // The server's JetStream store (TestNatsServer runs it with -sd storeDir).
    rmSync(join(suite.nats.storeDir, "jetstream"), { recursive: true, force: true });
    await expect.poll(() => active.status().nats, { timeout: 15_000 }).toBe("reconnecting");
    const during = await recordRepoEventsAtOnce(suite.database, 3);
    active.notify();
    await suite.nats.restart();
    await expect.poll(() => active.status().nats, { timeout: 15_000 }).toBe("connected");
    const after = await recordRepoEventsAtOnce(suite.database, 3);
    active.notify();

    await expect.poll(() => unpublishedCount(suite.database), { timeout: 20_000 }).toBe(0);
    // The events published before the outage went with the old store; the rest are all here.
    expect(await streamIds(suite.nats.url, suite.stream)).toEqual([...during, ...after]);
    const rows = (await outboxRows(suite.database)).slice(before.length);
    expect(rows.map((r) => [r.id, r.streamSequence, r.refusals, r.parkedAt])).toEqual(
      [...during, ...after].map((id, i) => [id, i + 1, 0, null]),
    );
    expect(active.status().consecutiveFailures).toBe(0);
    expect(log.lines().filter((l) => String(l.msg).includes("refused"))).toEqual([]);
  });

  it("deleted while the relay is connected: created again after the first refusal; the refused events go out on their retry, none parked", async () => {
    relay = suite.track(
      testRelay(suite.database, suite.nats.url, suite.stream, {
        parking: { parkAfterRefusals: 3, refusalRetryMs: 100 },
      }),
    );
    const active = relay;
    await active.start();
    const first = await recordRepoEventsAtOnce(suite.database, 2);
    active.notify();
    await expect.poll(() => streamIds(suite.nats.url, suite.stream), { timeout: 15_000 }).toEqual(first);

    await deleteStream(suite.nats.url, suite.stream);
    const next = await recordRepoEventsAtOnce(suite.database, 3);
    active.notify();
    await expect.poll(() => unpublishedCount(suite.database), { timeout: 20_000 }).toBe(0);
    expect(await streamIds(suite.nats.url, suite.stream)).toEqual(next);
    // Refused once (no stream), published at the second attempt: never parked.
    const rows = (await outboxRows(suite.database)).slice(first.length);
    expect(rows.map((r) => [r.id, r.attempts, r.parkedAt, r.streamSequence])).toEqual(
      next.map((id, i) => [id, 2, null, i + 1]),
    );
  });
});
