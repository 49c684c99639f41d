import { describe, expect, it } from "vitest";
import { dateOrNull, rowsOf } from "./rows.js";

describe("reading raw SQL results", () => {
  it("a timestamp: a Date from a Date or a string; null when absent or null", () => {
    expect(dateOrNull(new Date("2026-06-30T12:00:00.000Z"))).toEqual(new Date("2026-06-30T12:00:00.000Z"));
    expect(dateOrNull("2026-06-30 12:00:00+00")).toEqual(new Date("2026-06-30T12:00:00.000Z"));
    expect(dateOrNull(null)).toBeNull();
    expect(dateOrNull(undefined)).toBeNull();
  });

  it("rows from postgres.js (an array) or PGlite ({ rows }), none when a result has no rows", () => {
    expect(rowsOf([{ n: 1 }])).toEqual([{ n: 1 }]);
    expect(rowsOf({ rows: [{ n: 2 }] })).toEqual([{ n: 2 }]);
    expect(rowsOf({})).toEqual([]);
  });
});
