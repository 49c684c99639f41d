import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseTargets, type TestDatabase } from "../testing/databases.js";
import { type ServiceFixture, serviceFixture } from "../testing/services.js";

describe.each(databaseTargets())("the event log read newest first on $name", ({ open }) => {
  let testDb: TestDatabase;
  let f: ServiceFixture;
  const names = ["acme/a", "acme/b", "acme/c", "acme/d", "acme/e"];

  beforeAll(async () => {
    testDb = await open();
    f = serviceFixture(testDb.database);
    await f.services.domains.upsert({ slug: "ops", name: "Ops" });
    for (const name of names) await f.services.repos.register({ name, domain: "ops" }, f.origin);
    const goal = await f.services.domainGoals.create({ domain: "ops", title: "Calm pagers" }, f.origin);
    await f.services.domainGoals.activate(goal.id, f.origin);
  });
  afterAll(() => testDb?.cleanup());

  const repoNames = (items: Array<{ envelope: { data: unknown } }>) =>
    items.map((item) => (item.envelope.data as { name?: string; title?: string }).name ?? "goal");

  it("pages from the newest event backwards, each page continuing after the last", async () => {
    const first = await f.services.events.list({ order: "newest", limit: 2 });
    expect(repoNames(first.items)).toEqual(["goal", "acme/e"]);
    expect(first.nextCursor).toBe(first.items[1]?.cursor);
    const second = await f.services.events.list({ order: "newest", limit: 2, after: first.nextCursor! });
    expect(repoNames(second.items)).toEqual(["acme/d", "acme/c"]);
    const rest = await f.services.events.list({ order: "newest", after: second.nextCursor! });
    expect(repoNames(rest.items)).toEqual(["acme/b", "acme/a"]);
    expect(rest.nextCursor).toBeNull();
  });

  it("filters by subject in either order, and defaults to oldest first", async () => {
    const newest = await f.services.events.list({ order: "newest", subject: "org.statehub.repo.registered" });
    expect(repoNames(newest.items)).toEqual([...names].reverse());
    const oldest = await f.services.events.list({ subject: "org.statehub.repo.registered", limit: 2 });
    expect(repoNames(oldest.items)).toEqual(["acme/a", "acme/b"]);
    const explicit = await f.services.events.list({ order: "oldest", limit: 2 });
    expect(repoNames(explicit.items)).toEqual(["acme/a", "acme/b"]);
  });
});
