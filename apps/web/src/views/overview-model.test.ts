import { describe, expect, it } from "vitest";
import { describeCounts, groupByDomain, statusCounts } from "./overview-model.js";

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
    expect(statusCounts(undefined).total).toBe(0);
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

describe("describeCounts", () => {
  it("says the non-zero counts in display order, nothing when there are none", () => {
    expect(describeCounts({ planned: 1, blocked: 2, active: 0 })).toBe("2 blocked · 1 planned");
    expect(describeCounts({ planned: 0 })).toBe("");
    expect(describeCounts(undefined)).toBe("");
  });
});
