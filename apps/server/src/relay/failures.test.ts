import { outboxRow, outboxRows } from "@statehub/api/testing";
import { natsServerAvailable } from "@statehub/testing";
import { describe, expect, it } from "vitest";
import {
  recordRepoEvent,
  recordRepoEvents,
  recordRepoEventsAtOnce,
} from "../../test/events/support/events.js";
import { testRelay, unpublishedCount } from "../../test/events/support/relay.js";
import { relaySuite } from "../../test/events/support/relay-suite.js";
import { streamIds } from "../../test/events/support/stream.js";
import type { OutboxRelay } from "./relay.js";

// NATS not acknowledging for real: a server frozen (SIGSTOP: connected, silent) or killed in the
// middle of a batch. Such failures are transient: the rows back off (growing, from "now" plus
// the delay, never "now"), hold back the rows behind them, are never parked, and once NATS
// answers again every event is in the stream exactly once, in commit order.

const PUBLISH_TIMEOUT_MS = 300;
/** With the jitter pinned to its maximum, the n-th failure in a row waits 400·2^(n−1) ms. */
const BACKOFF = { baseMs: 400, capMs: 10_000 };
/** What a loaded 2-core machine may add to a wait: loose, but far below one doubling. */
const SLACK_MS = 1_500;

describe.runIf(natsServerAvailable())("transient publish failures", { timeout: 120_000 }, () => {
  const suite = relaySuite("FAILURES");
  let relay: OutboxRelay | undefined;

  const startRelay = async () => {
    relay = suite.track(
      testRelay(suite.database, suite.nats.url, suite.stream, {
        publishTimeoutMs: PUBLISH_TIMEOUT_MS,
        backoff: BACKOFF,
        random: () => 1,
      }),
    );
    await relay.start();
    const started = relay;
    await expect.poll(() => started.status().nats, { timeout: 15_000 }).toBe("connected");
    return started;
  };

  /** Waits for the row's n-th attempt to be recorded; returns its retry time and when it was seen. */
  async function attempt(id: string, n: number): Promise<{ retryAt: number; seenAt: number }> {
    await expect
      .poll(async () => (await outboxRow(suite.database, id))?.attempts, { timeout: 30_000, interval: 20 })
      .toBe(n);
    const seenAt = Date.now();
    const row = await outboxRow(suite.database, id);
    return { retryAt: row?.nextAttemptAt?.getTime() ?? 0, seenAt };
  }

  it("a frozen server: the backoff grows per failure, is never 'now', resets after a success; nothing parks; exactly once, in order", async () => {
    const first = await recordRepoEvents(suite.database, 3);
    const active = await startRelay();
    active.notify();
    await expect.poll(() => streamIds(suite.nats.url, suite.stream), { timeout: 15_000 }).toEqual(first);

    await suite.nats.pause();
    const sentAt = Date.now();
    // One commit: two would let the relay's LISTEN wake it between them, and the first batch
    // would hold `stuck` alone (then `behind` counts one attempt fewer).
    const [stuckId = "", behindId = ""] = await recordRepoEventsAtOnce(suite.database, 2);
    active.notify();
    const one = await attempt(stuckId, 1);
    // Marked after the publish timed out, due a full first delay after that: never "now".
    expect(one.retryAt - sentAt).toBeGreaterThanOrEqual(PUBLISH_TIMEOUT_MS + 400);
    expect(one.retryAt - one.seenAt).toBeLessThanOrEqual(400);
    const two = await attempt(stuckId, 2);
    const three = await attempt(stuckId, 3);
    // Waiting out the third delay (1.6 s), the relay says so in its state.
    await expect.poll(() => active.state, { timeout: 1_000, interval: 20 }).toBe("backing-off");
    // Each retry starts when the row is due, times out, then waits the next, doubled delay.
    expect(two.retryAt - one.retryAt).toBeGreaterThanOrEqual(PUBLISH_TIMEOUT_MS + 800);
    expect(two.retryAt - one.retryAt).toBeLessThan(PUBLISH_TIMEOUT_MS + 800 + SLACK_MS);
    expect(three.retryAt - two.retryAt).toBeGreaterThanOrEqual(PUBLISH_TIMEOUT_MS + 1_600);
    expect(three.retryAt - two.retryAt).toBeLessThan(PUBLISH_TIMEOUT_MS + 1_600 + SLACK_MS);
    expect(active.status()).toMatchObject({
      consecutiveFailures: 3,
      failuresTotal: 3,
      // What an operator reads in the status: the kind of failure, how much of the batch, and
      // NATS's own reason.
      lastError: "RelayFailure: 2 of 2 events not acknowledged: TimeoutError: timeout",
    });
    const stuckRow = await outboxRow(suite.database, stuckId);
    expect(stuckRow).toMatchObject({
      refusals: 0,
      parkedAt: null,
      publishedAt: null,
      lastError: "TimeoutError: timeout",
    });
    // The row behind failed with it, in the same batches: it never went ahead on its own.
    expect((await outboxRow(suite.database, behindId))?.attempts).toBe(3);

    suite.nats.resume();
    await expect.poll(() => unpublishedCount(suite.database), { timeout: 15_000 }).toBe(0);
    // The frozen server had the timed-out publishes queued; the re-sends were duplicates.
    expect(await streamIds(suite.nats.url, suite.stream)).toEqual([...first, stuckId, behindId]);
    expect((await outboxRows(suite.database)).map((r) => r.streamSequence)).toEqual([1, 2, 3, 4, 5]);
    // The relay settles a batch (its counters, the streak) once the marks commit, which the
    // outbox shows a moment before.
    await expect
      .poll(() => active.status(), { timeout: 5_000 })
      .toMatchObject({ consecutiveFailures: 0, failuresTotal: 3, lastError: undefined });

    // A new failure starts from the base delay again.
    await suite.nats.pause();
    const againAt = Date.now();
    const again = await recordRepoEvent(suite.database);
    active.notify();
    const reset = await attempt(again.id, 1);
    expect(reset.retryAt - againAt).toBeGreaterThanOrEqual(PUBLISH_TIMEOUT_MS + 400);
    expect(reset.retryAt - reset.seenAt).toBeLessThanOrEqual(400);
    expect(active.status().consecutiveFailures).toBe(1);
  });

  it("a server killed while a batch is in flight: the batch backs off, nothing parks, and after the restart every event is in the stream once, in commit order", async () => {
    const first = await recordRepoEvents(suite.database, 60);
    const active = await startRelay();
    active.notify();
    await expect.poll(() => unpublishedCount(suite.database), { timeout: 15_000 }).toBe(0);

    await suite.nats.pause();
    // One commit, so that the batch in flight holds all 120 (rows committed one by one would
    // wake the relay after the first few, and the rest would wait behind that batch unsent).
    const rest = await recordRepoEventsAtOnce(suite.database, 120);
    active.notify();
    await expect.poll(() => active.status().state, { timeout: 15_000, interval: 5 }).toBe("publishing");
    await suite.nats.stop("SIGKILL");
    await expect.poll(() => active.status().failuresTotal, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await unpublishedCount(suite.database)).toBe(120);
    await suite.nats.restart();
    await expect.poll(() => unpublishedCount(suite.database), { timeout: 60_000 }).toBe(0);
    const ids = [...first, ...rest];
    expect(await streamIds(suite.nats.url, suite.stream)).toEqual(ids);
    const rows = await outboxRows(suite.database);
    expect(rows.filter((r) => r.parkedAt !== null || r.refusals !== 0)).toEqual([]);
    expect(rows.map((r) => r.streamSequence)).toEqual(ids.map((_, i) => i + 1));
    expect(rows.slice(60).every((r) => r.attempts >= 2)).toBe(true);
  });
});
