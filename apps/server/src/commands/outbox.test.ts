import { describe, expect, it } from "vitest";
import { formatParked, parseEventIds } from "./outbox.js";

const A = "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d12";
const B = "0190A6B4-8F5E-7C3A-9B1D-2F4E6A8C0D13";

describe("outbox command arguments", () => {
  it("retry takes ids (any case, stored lower) or --all", () => {
    expect(parseEventIds([A, B], true)).toEqual({ ids: [A, "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d13"] });
    expect(parseEventIds(["--all"], true)).toEqual({ all: true });
  });

  it("refuses what it cannot act on, saying why", () => {
    expect(parseEventIds([], true)).toBe("name the parked events to retry (ids), or --all");
    expect(parseEventIds([], false)).toBe("name the parked events to discard (ids)");
    expect(parseEventIds(["--all", A], true)).toBe("give event ids or --all, not both");
    expect(parseEventIds(["--all"], false)).toBe("--all is not accepted here: name the events to discard");
    expect(parseEventIds([A, "--force"], true)).toBe("unknown option --force");
    expect(parseEventIds([A, "12345"], false)).toBe("not an event id (a UUID): 12345");
  });

  it("lists parked events one per line, or says there are none", () => {
    expect(formatParked([])).toBe("no parked events");
    expect(
      formatParked([
        {
          id: A,
          subject: "org.statehub.repo.registered",
          envelope: {} as never,
          recordedAt: "2026-06-30T11:59:00.000Z",
          attempts: 3,
          lastError: "payload too large",
          parkedReason: "payload too large",
          parkedAt: "2026-06-30T12:00:00.000Z",
        },
      ]),
    ).toBe(
      `1 parked event(s):\n  ${A}  org.statehub.repo.registered       parked 2026-06-30T12:00:00.000Z  attempts 3  payload too large`,
    );
  });
});
