import { describe, expect, it } from "vitest";
import type { Workstream } from "../api/types.js";
import { blockedLongestFirst, groupByDomain, statusCounts } from "./overview-model.js";

const now = Date.parse("2026-03-10T12:00:00.000Z");

function workstream(key: string, status: Workstream["status"], statusChangedAt: string): Workstream {
  return {
    id: `id-${key}`,
    key,
    title: `Title ${key}`,
    domain: "payments",
    repo: null,
    status,
    statusChangedAt,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: statusChangedAt,
  };
}

describe("blockedLongestFirst", () => {
  it("keeps only blocked workstreams, the one blocked longest first, with how long", () => {
    const rows = blockedLongestFirst(
      [
        workstream("B-2", "blocked", "2026-03-09T12:00:00.000Z"),
        workstream("A-1", "active", "2026-01-01T00:00:00.000Z"),
        workstream("B-1", "blocked", "2026-03-01T12:00:00.000Z"),
        workstream("B-3", "blocked", "2026-03-10T11:00:00.000Z"),
      ],
      now,
    );
    expect(rows.map((row) => row.workstream.key)).toEqual(["B-1", "B-2", "B-3"]);
    expect(rows.map((row) => row.blockedForMs)).toEqual([9 * 86_400_000, 86_400_000, 3_600_000]);
    expect(rows[0]?.since).toBe("2026-03-01T12:00:00.000Z");
  });

  it("orders workstreams blocked at the same moment by key, and never reports a negative span", () => {
    const rows = blockedLongestFirst(
      [
        workstream("Z", "blocked", "2026-03-10T13:00:00.000Z"),
        workstream("Y", "blocked", "2026-03-10T13:00:00.000Z"),
      ],
      now,
    );
    expect(rows.map((row) => [row.workstream.key, row.blockedForMs])).toEqual([
      ["Y", 0],
      ["Z", 0],
    ]);
  });
});

describe("groupByDomain", () => {
  it("groups in first-seen order and keeps each group's order", () => {
    const groups = groupByDomain([
      { domain: "b", title: "1" },
      { domain: "a", title: "2" },
      { domain: "b", title: "3" },
    ]);
    expect([...groups.keys()]).toEqual(["b", "a"]);
    expect(groups.get("b")?.map((item) => item.title)).toEqual(["1", "3"]);
  });
});

describe("statusCounts", () => {
  it("lists every status in display order with zeros filled in, and the total", () => {
    expect(statusCounts({ active: 3, completed: 7 })).toEqual({
      rows: [
        { status: "blocked", label: "Blocked", count: 0 },
        { status: "active", label: "Active", count: 3 },
        { status: "planned", label: "Planned", count: 0 },
        { status: "completed", label: "Completed", count: 7 },
        { status: "cancelled", label: "Cancelled", count: 0 },
      ],
      total: 10,
    });
  });
});
