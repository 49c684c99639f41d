import { type DatabaseAndNats, databaseAndNatsAvailable, startDatabaseAndNats } from "@statehub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FixtureHandle, HubContext } from "../src/index.js";
import { defineActivity, startFixture } from "../src/index.js";
import { testLogger, waitFor } from "./support.js";

const DAY = 86_400_000;
const now = new Date("2025-06-15T12:00:00Z");

/** The hub as the cron definitions see it: records the calls, answers with fixed data. */
function recordingHub() {
  const calls: { call: string; input: unknown }[] = [];
  const hub: HubContext = {
    async flagStaleTasks(input) {
      calls.push({ call: "maintenance.flagStaleTasks", input });
      return [{ taskId: "t-1", key: "T-1", title: "Old task" }];
    },
    async listWorkstreams(input) {
      calls.push({ call: "workstreams.list", input });
      return [
        {
          id: "ws-long",
          key: "WS-1",
          title: "Long blocked",
          status: "blocked",
          // Renamed an hour ago, blocked for ten days: the block is what counts.
          updatedAt: new Date(now.getTime() - 3_600_000).toISOString(),
          statusChangedAt: new Date(now.getTime() - 10 * DAY).toISOString(),
        },
        {
          id: "ws-recent",
          key: "WS-2",
          title: "Just blocked",
          status: "blocked",
          updatedAt: new Date(now.getTime() - DAY).toISOString(),
          statusChangedAt: new Date(now.getTime() - DAY).toISOString(),
        },
      ];
    },
  };
  return { hub, calls };
}

describe.runIf(databaseAndNatsAvailable())("cron definitions", () => {
  let services: DatabaseAndNats;
  let fixture: FixtureHandle;
  const { hub, calls } = recordingHub();

  beforeAll(async () => {
    services = await startDatabaseAndNats();
    fixture = await startFixture({
      natsUrl: services.nats.url,
      databaseUrl: services.database.url,
      ensureStream: true,
      hub,
      scheduleCron: false,
      clock: () => now,
      logger: testLogger,
    });
  });
  afterAll(async () => {
    await fixture?.stop();
    await services?.dispose();
  });

  it("stale-task-sweep asks the hub to flag stale tasks (14 days) and creates no task itself", async () => {
    const outcome = await fixture.runCron("stale-task-sweep");
    expect(calls).toContainEqual({ call: "maintenance.flagStaleTasks", input: { thresholdDays: 14 } });
    expect(outcome).toMatchObject({ items: 1, created: 0 });
    expect(await fixture.store.listTasks({ definitionId: "stale-task-sweep" })).toEqual([]);
  });

  it("blocked-workstream-reminder creates one task per workstream blocked for a week, once per blocking episode", async () => {
    const first = await fixture.runCron("blocked-workstream-reminder");
    expect(calls).toContainEqual({ call: "workstreams.list", input: { status: "blocked" } });
    expect(first).toMatchObject({ items: 2, created: 1, duplicates: 0 });
    const [task] = await fixture.store.listTasks({ definitionId: "blocked-workstream-reminder" });
    expect(task).toMatchObject({
      title: "Unblock workstream WS-1: Long blocked",
      eventId: null,
      runKey: `ws-long@${new Date(now.getTime() - 10 * DAY).toISOString()}`,
      labels: ["workplan", "blocked"],
    });
    // The next hourly run finds the same episode: nothing new.
    const second = await fixture.runCron("blocked-workstream-reminder", new Date(now.getTime() + 3_600_000));
    expect(second).toMatchObject({ created: 0, duplicates: 1 });
  });

  it("an unknown definition id is an error", async () => {
    await expect(fixture.runCron("nope")).rejects.toThrow('no cron definition with id "nope"');
  });
});

describe.runIf(databaseAndNatsAvailable())("the cron schedule", () => {
  it("runs a definition on its croner schedule, one task per run", async () => {
    const { database, nats, dispose } = await startDatabaseAndNats();
    const fixture = await startFixture({
      natsUrl: nats.url,
      databaseUrl: database.url,
      ensureStream: true,
      logger: testLogger,
      definitions: [
        defineActivity({
          id: "every-second",
          description: "a seconds-precision schedule, to see croner fire in a test",
          trigger: { cron: "* * * * * *" },
          instruction: { title: "Run at {{run.at}}", body: "", labels: [] },
        }),
      ],
    });
    try {
      const tasks = await waitFor(
        async () => {
          const rows = await fixture.store.listTasks();
          return rows.length >= 2 && rows;
        },
        "two scheduled runs",
        5_000,
      );
      expect(tasks[0]?.title).toMatch(/^Run at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
      expect(new Set(tasks.map((t) => t.runKey)).size).toBe(tasks.length);
      expect((await fixture.metrics()).cronRuns).toBeGreaterThanOrEqual(2);
    } finally {
      await fixture.stop();
      await dispose();
    }
  });
});
