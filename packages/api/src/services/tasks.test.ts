import { tasks } from "@statehub/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, InvalidInputError, NotFoundError } from "../domain/errors.js";
import { databaseTargets, type TestDatabase } from "../testing/databases.js";
import { type ServiceFixture, serviceFixture, unique } from "../testing/services.js";

describe.each(databaseTargets())("tasks, progress and domains on $name", ({ open }) => {
  let testDb: TestDatabase;
  let f: ServiceFixture;
  let domain: string;
  let workstreamId: string;

  beforeAll(async () => {
    testDb = await open();
    f = serviceFixture(testDb.database);
    domain = unique("ops");
    await f.services.domains.upsert({ slug: domain, name: "Ops" });
    workstreamId = (await f.services.workstreams.create({ title: "Run", domain }, f.origin)).id;
  });
  afterAll(() => testDb.cleanup());

  it("creates tasks with a derived or given key, unique within the workstream", async () => {
    const derived = await f.services.tasks.create({ workstreamId, title: "t" }, f.origin);
    expect(derived).toMatchObject({ status: "todo", staleFlaggedAt: null });
    expect(derived.key).toMatch(/^t-[0-9a-f]{12}$/);
    await f.services.tasks.create({ workstreamId, key: "T-1", title: "one" }, f.origin);
    await expect(
      f.services.tasks.create({ workstreamId, key: "T-1", title: "dup" }, f.origin),
    ).rejects.toThrow(ConflictError);
    const missing = await f.services.tasks
      .create({ workstreamId: "01900000-0000-7000-8000-000000000000", title: "x" }, f.origin)
      .catch((e: unknown) => e);
    expect((missing as InvalidInputError).fieldErrors).toHaveProperty("workstreamId");
  });

  it("moves status along allowed transitions; refuses illegal ones naming the current state", async () => {
    const task = await f.services.tasks.create({ workstreamId, title: "flow" }, f.origin);
    await f.services.tasks.update({ id: task.id, status: "in_progress" }, f.origin);
    const cancelled = await f.services.tasks.update({ id: task.id, status: "cancelled" }, f.origin);
    const error = await f.services.tasks
      .update({ id: task.id, status: "done" }, f.origin)
      .catch((e: unknown) => e);
    expect((error as ConflictError).currentState).toBe("cancelled");
    expect(await f.services.tasks.get(task.id)).toEqual(cancelled);
    await expect(f.services.tasks.get("01900000-0000-7000-8000-000000000000")).rejects.toThrow(NotFoundError);
  });

  it("clears the stale flag on update (a new staleness episode), and staleOnly lists flagged tasks", async () => {
    const task = await f.services.tasks.create({ workstreamId, title: "forgotten" }, f.origin);
    await testDb.database.db
      .update(tasks)
      .set({ staleFlaggedAt: new Date("2026-03-20T00:00:00Z") })
      .where(eq(tasks.id, task.id));
    expect((await f.services.tasks.list({ staleOnly: true })).items.map((t) => t.id)).toEqual([task.id]);
    expect((await f.services.tasks.get(task.id)).staleFlaggedAt).toBe("2026-03-20T00:00:00.000Z");
    // The list writes every field as get does (it formats its timestamps in SQL).
    const [listed] = (await f.services.tasks.list({ staleOnly: true })).items;
    expect(listed).toEqual({
      id: task.id,
      workstreamId,
      key: task.key,
      title: "forgotten",
      status: "todo",
      staleFlaggedAt: "2026-03-20T00:00:00.000Z",
      createdAt: task.createdAt,
      updatedAt: task.updatedAt,
    });
    expect(listed).toEqual(await f.services.tasks.get(task.id));

    // A no-op update is not a touch: the flag stays.
    await f.services.tasks.update({ id: task.id, title: "forgotten" }, f.origin);
    expect((await f.services.tasks.get(task.id)).staleFlaggedAt).not.toBeNull();

    f.clock.advanceDays(30);
    const touched = await f.services.tasks.update({ id: task.id, status: "in_progress" }, f.origin);
    expect(touched.staleFlaggedAt).toBeNull();
    expect(touched.updatedAt).toBe(f.clock.now().toISOString());
    expect((await f.services.tasks.list({ staleOnly: true })).items).toEqual([]);
  });

  it("lists by workstream and status", async () => {
    const other = (await f.services.workstreams.create({ title: "Other", domain }, f.origin)).id;
    const blocked = await f.services.tasks.create(
      { workstreamId: other, title: "b", status: "blocked" },
      f.origin,
    );
    expect((await f.services.tasks.list({ workstreamId: other })).items.map((t) => t.id)).toEqual([
      blocked.id,
    ]);
    expect((await f.services.tasks.list({ status: "blocked" })).items.map((t) => t.id)).toContain(blocked.id);
    await expect(
      f.services.tasks.list({ workstreamId: "01900000-0000-7000-8000-000000000000" }),
    ).rejects.toThrow(InvalidInputError);
  });

  it("records progress notes against existing entities only", async () => {
    const note = await f.services.progress.record(
      { entityType: "workstream", entityId: workstreamId, message: "halfway" },
      f.origin,
    );
    expect(note).toMatchObject({
      entityType: "workstream",
      entityId: workstreamId,
      message: "halfway",
      author: "tester",
    });
    const explicit = await f.services.progress.record(
      { entityType: "workstream", entityId: workstreamId, message: "done", author: "ada" },
      f.origin,
    );
    expect(explicit.author).toBe("ada");
    await expect(
      f.services.progress.record(
        { entityType: "task", entityId: workstreamId, message: "wrong type" },
        f.origin,
      ),
    ).rejects.toThrow(InvalidInputError);
    const listed = await f.services.progress.list({ entityType: "workstream", entityId: workstreamId });
    expect(listed.items.map((n) => n.id)).toEqual([note.id, explicit.id]);
  });

  it("upserts domains by slug, keeping the description when omitted", async () => {
    const slug = unique("upsert");
    const created = await f.services.domains.upsert({ slug, name: "One", description: "first" });
    f.clock.advanceDays(1);
    const updated = await f.services.domains.upsert({ slug, name: "Two" });
    expect(updated).toMatchObject({
      id: created.id,
      name: "Two",
      description: "first",
      createdAt: created.createdAt,
    });
    const listed = await f.services.domains.list({ limit: 500 });
    expect(listed.items.filter((d) => d.slug === slug)).toHaveLength(1);
  });
});
