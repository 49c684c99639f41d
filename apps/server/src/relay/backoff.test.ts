import { DUPLICATE_WINDOW_MS } from "@statehub/events";
import { describe, expect, it } from "vitest";
import { backoffCeiling, backoffDelay, DEFAULT_BACKOFF } from "./backoff.js";

describe("backoff", () => {
  it("doubles per failure and stops at the cap", () => {
    const policy = { baseMs: 100, capMs: 1_000 };
    expect([1, 2, 3, 4, 5, 6, 50].map((n) => backoffCeiling(n, policy))).toEqual([
      100, 200, 400, 800, 1_000, 1_000, 1_000,
    ]);
  });

  it("draws a full-jitter delay between 0 and the ceiling", () => {
    const policy = { baseMs: 100, capMs: 1_000 };
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 1)).toBe(400);
    expect(backoffDelay(40, policy, () => 0.5)).toBe(500);
  });

  it("never waits longer than the duplicate window covers", () => {
    expect(backoffCeiling(1_000)).toBe(DEFAULT_BACKOFF.capMs);
    expect(DUPLICATE_WINDOW_MS).toBeGreaterThanOrEqual(4 * DEFAULT_BACKOFF.capMs);
  });
});
