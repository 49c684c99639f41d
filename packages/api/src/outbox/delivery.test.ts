import { describe, expect, it } from "vitest";
import { deliveryOf } from "./delivery.js";

const AT = new Date("2026-06-30T12:00:00.000Z");
const base = { publishedAt: null, attempts: 0, lastError: null, parkedAt: null, parkedReason: null };

describe("an event's delivery state", () => {
  it("is pending until published, with its attempts and last error", () => {
    expect(deliveryOf(base)).toEqual({
      state: "pending",
      attempts: 0,
      lastError: null,
      parkedReason: null,
      parkedAt: null,
    });
    expect(deliveryOf({ ...base, attempts: 2, lastError: "TimeoutError: timeout" })).toEqual({
      state: "pending",
      attempts: 2,
      lastError: "TimeoutError: timeout",
      parkedReason: null,
      parkedAt: null,
    });
  });

  it("is published once acknowledged", () => {
    expect(deliveryOf({ ...base, publishedAt: AT, attempts: 3 })).toEqual({
      state: "published",
      attempts: 3,
      lastError: null,
      parkedReason: null,
      parkedAt: null,
    });
  });

  it("is parked while the relay has given up on it, with the reason and when", () => {
    expect(
      deliveryOf({ ...base, attempts: 3, lastError: "too large", parkedAt: AT, parkedReason: "too large" }),
    ).toEqual({
      state: "parked",
      attempts: 3,
      lastError: "too large",
      parkedReason: "too large",
      parkedAt: "2026-06-30T12:00:00.000Z",
    });
  });
});
