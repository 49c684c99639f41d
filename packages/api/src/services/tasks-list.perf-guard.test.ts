// tasks.list runs on prepared statements, one per combination of filters (tasks-list-query.ts):
// every combination, paged through a page at a time, must list exactly the tasks the filters
// select, in id order, each once.
import { tasks } from "@statehub/db";
import type { TaskStatus } from "@statehub/events";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseTargets, type TestDatabase } from "../testing/databases.js";
import { type ServiceFixture, serviceFixture, unique } from "../testing/services.js";

interface Made {
  id: string;
  workstreamId: string;
  status: TaskStatus;
  stale: boolean;
}

describe.each(databaseTargets())("tasks.list on prepared statements, on $name", ({ open }) => {
  let testDb: TestDatabase;
  let f: ServiceFixture;
  let first: string;
  const made: Made[] = [];

  beforeAll(async () => {
    testDb = await open();
    f = serviceFixture(testDb.database);
    const domain = unique("perf");
    await f.services.domains.upsert({ slug: domain, name: "Perf" });
    first = (await f.services.workstreams.create({ title: "one", domain }, f.origin)).id;
    const second = (await f.services.workstreams.create({ title: "two", domain }, f.origin)).id;
    const plan: Array<[string, TaskStatus, boolean]> = [
      [first, "todo", false],
      [second, "blocked", true],
      [first, "blocked", false],
      [first, "blocked", true],
      [second, "todo", false],
      [first, "todo", true],
      [first, "blocked", true],
      [second, "blocked", false],
    ];
    for (const [workstreamId, status, stale] of plan) {
      const task = await f.services.tasks.create({ workstreamId, title: "t", status }, f.origin);
      if (stale)
        await testDb.database.db
          .update(tasks)
          .set({ staleFlaggedAt: new Date("2026-01-01T00:00:00Z") })
          .where(eq(tasks.id, task.id));
      made.push({ id: task.id, workstreamId, status, stale });
    }
  }, 30_000);
  afterAll(() => testDb.cleanup());

  const combinations = [undefined, "first"].flatMap((workstream) =>
    [undefined, "blocked" as const].flatMap((status) =>
      [false, true].map((staleOnly) => ({ workstream, status, staleOnly })),
    ),
  );

  it.each(combinations)("workstream $workstream, status $status, staleOnly $staleOnly", async (c) => {
    const workstreamId = c.workstream === undefined ? undefined : first;
    const expected = made
      .filter(
        (t) =>
          (workstreamId === undefined || t.workstreamId === workstreamId) &&
          (c.status === undefined || t.status === c.status) &&
          (!c.staleOnly || t.stale),
      )
      .map((t) => t.id)
      .sort();
    const listed: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages += 1) {
      const page = await f.services.tasks.list({
        ...(workstreamId ? { workstreamId } : {}),
        ...(c.status ? { status: c.status } : {}),
        ...(c.staleOnly ? { staleOnly: true } : {}),
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.items.length).toBeLessThanOrEqual(2);
      listed.push(...page.items.map((t) => t.id));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(listed).toEqual(expected);
  });
});
