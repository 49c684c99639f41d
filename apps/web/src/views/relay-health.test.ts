import { describe, expect, it } from "vitest";
import type { OutboxStatus } from "../api/types.js";
import { describeRelayHealth } from "./relay-health.js";

const healthy: OutboxStatus = {
  publishing: true,
  nats: { state: "connected", ok: true },
  backlog: 0,
  oldestPendingAt: null,
  parked: 0,
  oldestParkedAt: null,
};

describe("describeRelayHealth", () => {
  it("says a healthy relay calmly", () => {
    expect(describeRelayHealth(healthy)).toEqual([
      { label: "Publishing", value: "on", warn: false },
      { label: "NATS", value: "connected", warn: false },
      { label: "Waiting to be published", value: "nothing", warn: false },
      { label: "Parked", value: "none", warn: false },
    ]);
  });

  it("warns when NATS is down with events waiting, and about parked events", () => {
    const lines = describeRelayHealth({
      ...healthy,
      nats: { state: "reconnecting", ok: false },
      backlog: 12,
      oldestPendingAt: "2026-03-10T12:00:00.000Z",
      parked: 1,
      oldestParkedAt: "2026-03-10T11:00:00.000Z",
    });
    expect(lines.filter((line) => line.warn).map((line) => line.label)).toEqual([
      "NATS",
      "Waiting to be published",
      "Parked",
    ]);
    expect(lines[2]?.value).toBe("12 events");
    expect(lines[3]?.value).toContain("1 event NATS refused for good");
  });

  it("says publishing is off without NATS_URL, and does not call a backlog then a NATS problem", () => {
    const lines = describeRelayHealth({
      ...healthy,
      publishing: false,
      nats: { state: "off", ok: false },
      backlog: 3,
    });
    expect(lines[0]).toMatchObject({ label: "Publishing", warn: true });
    expect(lines[0]?.value).toContain("without NATS_URL");
    expect(lines.slice(1, 3).map((line) => line.warn)).toEqual([false, false]);
  });
});
