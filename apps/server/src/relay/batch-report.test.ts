import { describe, expect, it } from "vitest";
import { captureLogger } from "../../test/events/support/logger.js";
import { BatchReport } from "./batch-report.js";
import type { PublishOutcome } from "./publisher.js";

const AT = new Date("2026-06-30T12:00:00.000Z");
const id = (n: number) => `0190a6b4-8f5e-7c3a-9b1d-${String(n).padStart(12, "0")}`;
const outcome = (parts: Partial<PublishOutcome>): PublishOutcome => ({
  acked: [],
  duplicates: 0,
  refused: [],
  failed: [],
  ...parts,
});

function counting() {
  const calls: string[] = [];
  return {
    calls,
    counters: {
      onPublished: (count: number, duplicates: number) =>
        calls.push(`published ${count} (${duplicates} dup)`),
      onFailed: (count: number) => calls.push(`failed ${count}`),
      onRefused: (count: number, parked: number) => calls.push(`refused ${count} (${parked} parked)`),
    },
  };
}

describe("what a batch came to", () => {
  it("counts published events and remembers when, for every counter; an empty batch counts nothing", () => {
    const report = new BatchReport(captureLogger().logger);
    const a = counting();
    const b = counting();
    report.addCounters(a.counters);
    report.addCounters(b.counters);
    report.published(outcome({}), AT);
    expect(report.publishedTotal).toBe(0);
    expect(report.lastPublishedAt).toBeUndefined();
    report.published(
      outcome({
        acked: [
          { id: id(1), streamSequence: 1 },
          { id: id(2), streamSequence: 2 },
        ],
        duplicates: 1,
      }),
      AT,
    );
    report.published(
      outcome({ acked: [{ id: id(3), streamSequence: 3 }] }),
      new Date("2026-06-30T12:00:01.000Z"),
    );
    report.failed(4);
    expect(report.publishedTotal).toBe(3);
    expect(report.lastPublishedAt).toEqual(new Date("2026-06-30T12:00:01.000Z"));
    expect(a.calls).toEqual(["published 2 (1 dup)", "published 1 (0 dup)", "failed 4"]);
    expect(b.calls).toEqual(a.calls);
  });

  it("logs parked events once, one line per reason with at most 20 ids; retried refusals only at debug", () => {
    const log = captureLogger();
    const report = new BatchReport(log.logger);
    const c = counting();
    report.addCounters(c.counters);
    report.refused(outcome({}), { parked: [], nextRetryAt: undefined });
    expect(c.calls).toEqual([]);
    const refused = Array.from({ length: 24 }, (_, i) => ({
      id: id(i),
      cause: "no-stream" as const,
      reason: i < 22 ? "no stream" : "too large",
    }));
    const parked = refused
      .slice(0, 23)
      .map((r) => ({ id: r.id, subject: "org.statehub.repo.registered", reason: r.reason, attempts: 3 }));
    report.refused(outcome({ refused }), { parked, nextRetryAt: AT });
    expect(c.calls).toEqual(["refused 24 (23 parked)"]);
    const lines = log.lines();
    expect(lines.map((l) => [l.level, l.msg, l.reason, l.count, l.events])).toEqual([
      [20, "relay: NATS refused events; retrying them out of line before parking", "no stream", undefined, 1],
      [
        40,
        "outbox: events parked, NATS refuses them for good (the others flow on); fix the cause, then `statehub outbox retry`",
        "no stream",
        22,
        parked.slice(0, 20).map((p) => ({ id: p.id, subject: p.subject, attempts: 3 })),
      ],
      [
        40,
        "outbox: events parked, NATS refuses them for good (the others flow on); fix the cause, then `statehub outbox retry`",
        "too large",
        1,
        [{ id: id(22), subject: "org.statehub.repo.registered", attempts: 3 }],
      ],
    ]);
  });

  it("says nothing at warn level when every refused event will be retried", () => {
    const log = captureLogger();
    new BatchReport(log.logger).refused(
      outcome({ refused: [{ id: id(1), cause: "not-permitted", reason: "denied" }] }),
      {
        parked: [],
        nextRetryAt: AT,
      },
    );
    expect(log.lines().map((l) => [l.level, l.events, l.reason])).toEqual([[20, 1, "denied"]]);
  });

  it("when every refused event parks, logs only the parking: no 'retrying' line", () => {
    const log = captureLogger();
    new BatchReport(log.logger).refused(
      outcome({ refused: [{ id: id(1), cause: "over-stream-limit", reason: "too large" }] }),
      {
        parked: [{ id: id(1), subject: "org.statehub.repo.registered", reason: "too large", attempts: 3 }],
        nextRetryAt: undefined,
      },
    );
    expect(log.lines().map((l) => [l.level, l.reason, l.count])).toEqual([[40, "too large", 1]]);
  });
});
