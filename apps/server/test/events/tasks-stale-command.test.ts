import { describe, expect, it } from "vitest";
import { formatStaleResult, parseTasksStaleArgs } from "../../src/commands/tasks-stale.js";

describe("statehub tasks stale (arguments and output)", () => {
  it("parses --days and --dry-run", () => {
    expect(parseTasksStaleArgs([])).toEqual({ days: undefined, dryRun: false });
    expect(parseTasksStaleArgs(["--days", "21", "--dry-run"])).toEqual({ days: 21, dryRun: true });
    expect(parseTasksStaleArgs(["--days=7"])).toEqual({ days: 7, dryRun: false });
  });

  it("refuses bad values with a message", () => {
    expect(parseTasksStaleArgs(["--days", "0"])).toMatch(/--days must be/);
    expect(parseTasksStaleArgs(["--days"])).toMatch(/got nothing/);
    expect(parseTasksStaleArgs(["--force"])).toMatch(/unknown option --force/);
  });

  it("prints what it flagged", () => {
    const text = formatStaleResult({
      thresholdDays: 14,
      dryRun: true,
      cutoff: "2026-01-01T00:00:00.000Z",
      flagged: [
        {
          taskId: "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d12",
          key: "t-1",
          title: "Write the docs",
          status: "todo",
          workstreamId: "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d13",
          lastUpdatedAt: "2025-12-01T00:00:00.000Z",
        },
      ],
    });
    expect(text).toContain("would flag 1 task(s) not updated for 14+ days");
    expect(text).toContain("t-1");
    expect(text).toContain("Write the docs");
  });
});
