import { describe, expect, it } from "vitest";
import { formatAgo, formatDuration } from "./time.js";

const now = Date.parse("2026-03-10T12:00:00.000Z");

describe("formatDuration", () => {
  it("rounds down to the largest whole unit", () => {
    expect(formatDuration(59_999)).toBe("less than a minute");
    expect(formatDuration(60_000)).toBe("1 minute");
    expect(formatDuration(119_000)).toBe("1 minute");
    expect(formatDuration(59 * 60_000)).toBe("59 minutes");
    expect(formatDuration(3_600_000)).toBe("1 hour");
    expect(formatDuration(23.9 * 3_600_000)).toBe("23 hours");
    expect(formatDuration(2.99 * 86_400_000)).toBe("2 days");
    expect(formatDuration(400 * 86_400_000)).toBe("400 days");
  });

  it("treats a negative or impossible span as less than a minute", () => {
    expect(formatDuration(-5_000)).toBe("less than a minute");
    expect(formatDuration(Number.NaN)).toBe("less than a minute");
  });
});

describe("formatAgo", () => {
  it("says how long ago a timestamp was", () => {
    expect(formatAgo("2026-03-10T11:59:30.000Z", now)).toBe("just now");
    expect(formatAgo("2026-03-10T11:15:00.000Z", now)).toBe("45 minutes ago");
    expect(formatAgo("2026-03-07T11:00:00.000Z", now)).toBe("3 days ago");
  });

  it("says just now for a timestamp in the future (another machine's clock) or not a timestamp", () => {
    expect(formatAgo("2026-03-10T12:05:00.000Z", now)).toBe("just now");
    expect(formatAgo("not a date", now)).toBe("just now");
  });
});
