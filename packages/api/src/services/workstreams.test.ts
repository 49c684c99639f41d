import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, InvalidInputError, NotFoundError } from "../domain/errors.js";
import { databaseTargets, type TestDatabase } from "../testing/databases.js";
import { type ServiceFixture, serviceFixture, unique } from "../testing/services.js";

describe.each(databaseTargets())("workstreams service on $name", ({ open }) => {
  let testDb: TestDatabase;
  let f: ServiceFixture;
  let domain: string;
  let repo: string;

  beforeAll(async () => {
    testDb = await open();
    f = serviceFixture(testDb.database);
    domain = unique("eng");
    await f.services.domains.upsert({ slug: domain, name: "Engineering" });
    repo = (await f.services.repos.register({ name: unique("org/svc"), domain }, f.origin)).name;
  });
  afterAll(() => testDb.cleanup());

  const completions = async (workstreamId: string) =>
    (await f.outbox()).filter(
      (row) =>
        row.subject === "org.statehub.workstream.completed" &&
        (row.envelope as { subject: string }).subject === workstreamId,
    );

  it("creates with defaults: planned, a derived key", async () => {
    const ws = await f.services.workstreams.create({ title: "Plan", domain }, f.origin);
    expect(ws).toMatchObject({ title: "Plan", domain, repo: null, status: "planned" });
    expect(ws.key).toMatch(/^ws-[0-9a-f]{12}$/);
    expect(await f.services.workstreams.get({ key: ws.key })).toEqual(ws);
    expect(await f.services.workstreams.get({ id: ws.id })).toEqual(ws);
  });

  it("refuses a duplicate key, an unknown domain or repo", async () => {
    const key = unique("WS");
    await f.services.workstreams.create({ key, title: "A", domain }, f.origin);
    await expect(f.services.workstreams.create({ key, title: "B", domain }, f.origin)).rejects.toThrow(
      ConflictError,
    );
    await expect(f.services.workstreams.create({ title: "C", domain: "nope" }, f.origin)).rejects.toThrow(
      InvalidInputError,
    );
    const error = await f.services.workstreams
      .create({ title: "D", domain, repo: "no/such" }, f.origin)
      .catch((e: unknown) => e);
    expect((error as InvalidInputError).fieldErrors).toHaveProperty("repo");
  });

  it("publishes workstream.completed on the transition into completed, with the previous status", async () => {
    const ws = await f.services.workstreams.create(
      { key: unique("WS"), title: "Ship", domain, repo, status: "active" },
      f.origin,
    );
    f.clock.advanceDays(2);
    const done = await f.services.workstreams.update({ id: ws.id, status: "completed" }, f.origin);
    expect(done.status).toBe("completed");
    expect(done.updatedAt).toBe(f.clock.now().toISOString());
    const events = await completions(ws.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.envelope).toMatchObject({
      data: { workstreamId: ws.id, key: ws.key, title: "Ship", domain, repo, previousStatus: "active" },
      time: f.clock.now().toISOString(),
    });
  });

  it("creating a workstream as completed is the move from planned: it publishes workstream.completed", async () => {
    const ws = await f.services.workstreams.create(
      { key: unique("WS"), title: "Done before the hub heard of it", domain, repo, status: "completed" },
      f.origin,
    );
    expect(ws).toMatchObject({ status: "completed", statusChangedAt: f.clock.now().toISOString() });
    const events = await completions(ws.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.envelope).toMatchObject({
      data: {
        workstreamId: ws.id,
        key: ws.key,
        title: "Done before the hub heard of it",
        domain,
        repo,
        previousStatus: "planned",
      },
      time: f.clock.now().toISOString(),
    });
    // Completing it again is a no-op, as for any completed workstream.
    await f.services.workstreams.update({ id: ws.id, status: "completed" }, f.origin);
    expect(await completions(ws.id)).toHaveLength(1);
  });

  it.each(["planned", "active", "blocked", "cancelled"] as const)(
    "creating a workstream as %s publishes nothing",
    async (status) => {
      const ws = await f.services.workstreams.create({ title: status, domain, status }, f.origin);
      expect(ws.status).toBe(status);
      expect(await completions(ws.id)).toHaveLength(0);
    },
  );

  it("a refused create (duplicate key) publishes nothing", async () => {
    const key = unique("WS");
    await f.services.workstreams.create({ key, title: "first", domain }, f.origin);
    const outboxBefore = (await f.outbox()).length;
    await expect(
      f.services.workstreams.create({ key, title: "second", domain, status: "completed" }, f.origin),
    ).rejects.toThrow(ConflictError);
    expect(await f.outbox()).toHaveLength(outboxBefore);
  });

  it("is idempotent when already completed, and publishes again after reopen + re-complete", async () => {
    const ws = await f.services.workstreams.create({ key: unique("WS"), title: "Loop", domain }, f.origin);
    await f.services.workstreams.update({ id: ws.id, status: "completed" }, f.origin);
    const commitsBefore = f.commits.count;
    const again = await f.services.workstreams.update({ id: ws.id, status: "completed" }, f.origin);
    expect(again.status).toBe("completed");
    expect(f.commits.count).toBe(commitsBefore);
    expect(await completions(ws.id)).toHaveLength(1);

    await f.services.workstreams.update({ id: ws.id, status: "active" }, f.origin);
    await f.services.workstreams.update({ id: ws.id, status: "completed" }, f.origin);
    const events = await completions(ws.id);
    expect(events).toHaveLength(2);
    expect(
      events.map((e) => (e.envelope as { data: { previousStatus: string } }).data.previousStatus),
    ).toEqual(["planned", "active"]);
  });

  it("refuses an illegal transition with CONFLICT naming the current state, changing nothing", async () => {
    const ws = await f.services.workstreams.create({ key: unique("WS"), title: "Final", domain }, f.origin);
    const completed = await f.services.workstreams.update({ id: ws.id, status: "completed" }, f.origin);
    const error = await f.services.workstreams
      .update({ id: ws.id, status: "cancelled", title: "renamed" }, f.origin)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).currentState).toBe("completed");
    expect((error as Error).message).toContain("is completed");
    expect(await f.services.workstreams.get({ id: ws.id })).toEqual(completed);
  });

  it("updates title and repo without an event; a no-op update writes nothing", async () => {
    const ws = await f.services.workstreams.create({ key: unique("WS"), title: "Old", domain }, f.origin);
    f.clock.advanceDays(1);
    const renamed = await f.services.workstreams.update({ id: ws.id, title: "New", repo }, f.origin);
    expect(renamed).toMatchObject({ title: "New", repo, updatedAt: f.clock.now().toISOString() });
    f.clock.advanceDays(1);
    expect(await f.services.workstreams.update({ id: ws.id, title: "New" }, f.origin)).toEqual(renamed);
    const detached = await f.services.workstreams.update({ id: ws.id, repo: null }, f.origin);
    expect(detached.repo).toBeNull();
    expect(await completions(ws.id)).toHaveLength(0);
    await expect(
      f.services.workstreams.update({ id: "01900000-0000-7000-8000-000000000000", title: "x" }, f.origin),
    ).rejects.toThrow(NotFoundError);
  });

  it("records when the status last changed; other edits leave it alone", async () => {
    const created = await f.services.workstreams.create(
      { key: unique("WS"), title: "Since", domain },
      f.origin,
    );
    expect(created.statusChangedAt).toBe(created.createdAt);
    f.clock.advanceDays(1);
    const blocked = await f.services.workstreams.update({ id: created.id, status: "blocked" }, f.origin);
    expect(blocked.statusChangedAt).toBe(f.clock.now().toISOString());
    f.clock.advanceDays(3);
    const renamed = await f.services.workstreams.update({ id: created.id, title: "Renamed" }, f.origin);
    expect(renamed.updatedAt).toBe(f.clock.now().toISOString());
    expect(renamed.statusChangedAt).toBe(blocked.statusChangedAt);
  });

  it("lists by domain, repo and status", async () => {
    const listDomain = unique("lists");
    await f.services.domains.upsert({ slug: listDomain, name: "Lists" });
    const a = await f.services.workstreams.create({ title: "a", domain: listDomain, repo }, f.origin);
    const b = await f.services.workstreams.create(
      { title: "b", domain: listDomain, status: "blocked" },
      f.origin,
    );
    expect((await f.services.workstreams.list({ domain: listDomain })).items.map((w) => w.id)).toEqual([
      a.id,
      b.id,
    ]);
    expect(
      (await f.services.workstreams.list({ domain: listDomain, status: "blocked" })).items.map((w) => w.id),
    ).toEqual([b.id]);
    expect((await f.services.workstreams.list({ repo })).items.map((w) => w.id)).toContain(a.id);
    await expect(f.services.workstreams.list({ domain: "nope" })).rejects.toThrow(InvalidInputError);
  });
});
