import { afterEach, describe, expect, it, vi } from "vitest";
import { captureLogger } from "../../test/events/support/logger.js";
import { FailureStreak } from "./failure-streak.js";

describe("a failure streak", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("backs off from the base, doubling per failure, with the jitter it is given", () => {
    const streak = new FailureStreak(captureLogger().logger, {
      backoff: { baseMs: 100, capMs: 1_000 },
      random: () => 1,
    });
    const delays: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      delays.push(streak.nextDelay());
      streak.failed("boom", delays.at(-1) ?? 0);
    }
    expect(delays).toEqual([100, 200, 400, 800, 1_000]);
    expect(
      new FailureStreak(captureLogger().logger, {
        backoff: { baseMs: 100, capMs: 1_000 },
        random: () => 0.5,
      }).nextDelay(),
    ).toBe(50);
    streak.recovered();
    expect(streak.nextDelay()).toBe(100);
  });

  it("defaults to 250 ms, doubling, and draws the jitter itself", () => {
    const streak = new FailureStreak(captureLogger().logger);
    for (let i = 0; i < 50; i += 1) {
      const delay = streak.nextDelay();
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(250);
    }
    streak.failed("boom", 0);
    expect(new Set(Array.from({ length: 50 }, () => streak.nextDelay())).size).toBeGreaterThan(1);
    expect(Math.max(...Array.from({ length: 200 }, () => streak.nextDelay()))).toBeGreaterThan(250);
  });

  it("logs the first failure, then a summary at most once per interval, then the recovery; counts them", () => {
    vi.useFakeTimers({ now: new Date("2026-06-30T12:00:00.000Z") });
    const log = captureLogger();
    const streak = new FailureStreak(log.logger, { summaryEveryMs: 60_000 });
    streak.failed("TimeoutError: timeout", 250, { nats: "connected" });
    vi.advanceTimersByTime(30_000);
    streak.failed("TimeoutError: timeout", 500, { nats: "connected" });
    vi.advanceTimersByTime(30_000);
    streak.failed("TimeoutError: timeout", 1_000, { nats: "reconnecting" });
    vi.advanceTimersByTime(59_999);
    streak.failed("TimeoutError: timeout", 2_000);
    expect(streak.failures).toBe(4);
    expect(streak.lastError).toBe("TimeoutError: timeout");
    vi.advanceTimersByTime(1_000);
    streak.recovered();
    streak.recovered();
    expect(
      log.lines().map(({ level, msg, err, retryInMs, failures, sinceMs, nats, afterMs }) => ({
        level,
        msg,
        err,
        retryInMs,
        failures,
        sinceMs,
        nats,
        afterMs,
      })),
    ).toEqual([
      {
        level: 40,
        msg: "relay: publishing failed; retrying with backoff (repeats are summarised)",
        err: "TimeoutError: timeout",
        retryInMs: 250,
        failures: undefined,
        sinceMs: undefined,
        nats: undefined,
        afterMs: undefined,
      },
      {
        level: 40,
        msg: "relay: still failing",
        err: "TimeoutError: timeout",
        retryInMs: undefined,
        failures: 3,
        sinceMs: 60_000,
        nats: "reconnecting",
        afterMs: undefined,
      },
      {
        level: 30,
        msg: "relay: recovered",
        err: undefined,
        retryInMs: undefined,
        failures: 4,
        sinceMs: undefined,
        nats: undefined,
        afterMs: 120_999,
      },
    ]);
    expect(streak.failures).toBe(0);
    expect(streak.failuresTotal).toBe(4);
    expect(streak.lastError).toBeUndefined();
  });

  it("summarises every minute by default", () => {
    vi.useFakeTimers({ now: new Date("2026-06-30T12:00:00.000Z") });
    const log = captureLogger();
    const streak = new FailureStreak(log.logger);
    streak.failed("a", 1);
    vi.advanceTimersByTime(59_999);
    streak.failed("b", 1);
    vi.advanceTimersByTime(1);
    streak.failed("c", 1);
    expect(log.lines().map((l) => l.err)).toEqual(["a", "c"]);
  });
});
