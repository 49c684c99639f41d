import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidInputError } from "../domain/errors.js";
import { databaseTargets, type TestDatabase } from "../testing/databases.js";
import { type ServiceFixture, serviceFixture, unique } from "../testing/services.js";

// Every list of the API pages the same way (keyset on the creation order): the first page, the
// cursor to the next, a page that ends exactly at the last row, and each filter alone and with a
// cursor. The expected pages are the rows this suite made, in the order it made them.

describe.each(databaseTargets())("lists and paging on $name", ({ open }) => {
  let testDb: TestDatabase;
  let f: ServiceFixture;
  let domain: string;
  let otherDomain: string;

  beforeAll(async () => {
    testDb = await open();
    f = serviceFixture(testDb.database);
    domain = unique("list");
    otherDomain = unique("other");
    await f.services.domains.upsert({ slug: domain, name: "Lists" });
    await f.services.domains.upsert({ slug: otherDomain, name: "Others" });
  });
  afterAll(() => testDb.cleanup());

  /** Reads every page of a list with `limit`, returning the pages' ids and whether each had a cursor. */
  async function allPages<T extends { id: string }>(
    list: (page: { cursor?: string; limit?: number }) => Promise<{ items: T[]; nextCursor: string | null }>,
    limit: number,
  ): Promise<{ pages: string[][]; cursors: boolean[] }> {
    const pages: string[][] = [];
    const cursors: boolean[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 20; guard += 1) {
      const page = await list({ ...(cursor === undefined ? {} : { cursor }), limit });
      pages.push(page.items.map((item) => item.id));
      cursors.push(page.nextCursor !== null);
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    return { pages, cursors };
  }

  it("tasks: pages of `limit` in creation order; the last page has no cursor, also when it is full", async () => {
    const ws = await f.services.workstreams.create({ title: "Paged", domain }, f.origin);
    const made: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      made.push((await f.services.tasks.create({ workstreamId: ws.id, title: `T${i}` }, f.origin)).id);
    }
    const list = (page: { cursor?: string; limit?: number }) =>
      f.services.tasks.list({ workstreamId: ws.id, ...page });
    expect(await allPages(list, 2)).toEqual({
      pages: [made.slice(0, 2), made.slice(2, 4), made.slice(4)],
      cursors: [true, true, false],
    });
    // Five rows, pages of five: one page, no cursor (the extra row fetched is what tells).
    expect(await allPages(list, 5)).toEqual({ pages: [made], cursors: [false] });
    expect(await allPages(list, 4)).toEqual({
      pages: [made.slice(0, 4), made.slice(4)],
      cursors: [true, false],
    });
    expect(await allPages(list, 1)).toEqual({
      pages: made.map((id) => [id]),
      cursors: [true, true, true, true, false],
    });
    // No limit: the default page (50) holds them all.
    expect((await f.services.tasks.list({ workstreamId: ws.id })).items.map((t) => t.id)).toEqual(made);
    // The service clamps what the schema would refuse: below 1 is 1, fractions are cut.
    expect((await list({ limit: 0 })).items).toHaveLength(1);
    expect((await list({ limit: 2.9 })).items).toHaveLength(2);
  });

  it("without a limit a page holds 50 rows", async () => {
    const ws = await f.services.workstreams.create({ title: "Many", domain }, f.origin);
    for (let i = 0; i < 51; i += 1)
      await f.services.tasks.create({ workstreamId: ws.id, title: `T${i}` }, f.origin);
    const first = await f.services.tasks.list({ workstreamId: ws.id });
    expect(first.items).toHaveLength(50);
    expect(first.nextCursor).not.toBeNull();
    const rest = await f.services.tasks.list({ workstreamId: ws.id, cursor: first.nextCursor ?? "" });
    expect(rest.items.map((t) => t.title)).toEqual(["T50"]);
    expect(rest.nextCursor).toBeNull();
  });

  it("a cursor is opaque and checked: a made-up one is the caller's error", async () => {
    const ws = await f.services.workstreams.create({ title: "Cursor", domain }, f.origin);
    const malformed = async (cursor: string) => {
      const error = await f.services.tasks.list({ workstreamId: ws.id, cursor }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).fieldErrors).toEqual({
        cursor: ["malformed cursor (pass back a nextCursor unchanged)"],
      });
    };
    await malformed("not-a-cursor");
    await malformed(Buffer.from(`id:${ws.id}x`).toString("base64url"));
    await malformed(Buffer.from(`xx:${ws.id}`).toString("base64url"));
    await malformed(Buffer.from(`pos:12`).toString("base64url"));
    // A well-formed cursor is any id: the page after it.
    const t = await f.services.tasks.create({ workstreamId: ws.id, title: "Only" }, f.origin);
    const after = Buffer.from(`id:${ws.id}`).toString("base64url");
    expect(
      (await f.services.tasks.list({ workstreamId: ws.id, cursor: after })).items.map((x) => x.id),
    ).toEqual([t.id]);
  });

  it("tasks: the workstream, status and stale filters, alone and on a later page", async () => {
    const a = await f.services.workstreams.create({ title: "A", domain }, f.origin);
    const b = await f.services.workstreams.create({ title: "B", domain }, f.origin);
    const mk = async (workstreamId: string, title: string, status?: "done" | "blocked") => {
      const task = await f.services.tasks.create({ workstreamId, title }, f.origin);
      return status ? f.services.tasks.update({ id: task.id, status }, f.origin) : task;
    };
    const a1 = await mk(a.id, "a1");
    const b1 = await mk(b.id, "b1");
    const a2 = await mk(a.id, "a2", "done");
    const a3 = await mk(a.id, "a3");
    const b2 = await mk(b.id, "b2", "done");
    const a4 = await mk(a.id, "a4", "done");

    const ids = async (input: Parameters<typeof f.services.tasks.list>[0]) =>
      (await f.services.tasks.list(input)).items.map((t) => t.id);
    expect(await ids({ workstreamId: a.id })).toEqual([a1.id, a2.id, a3.id, a4.id]);
    expect(await ids({ workstreamId: b.id })).toEqual([b1.id, b2.id]);
    expect(await ids({ workstreamId: a.id, status: "done" })).toEqual([a2.id, a4.id]);
    expect(await ids({ workstreamId: a.id, status: "todo" })).toEqual([a1.id, a3.id]);
    const firstDone = await f.services.tasks.list({ workstreamId: a.id, status: "done", limit: 1 });
    expect(firstDone.items.map((t) => t.id)).toEqual([a2.id]);
    expect(
      await ids({ workstreamId: a.id, status: "done", limit: 1, cursor: firstDone.nextCursor ?? "" }),
    ).toEqual([a4.id]);
    const allDone = (await ids({ status: "done", limit: 500 })).filter((id) =>
      [a1.id, a2.id, a3.id, a4.id, b1.id, b2.id].includes(id),
    );
    expect(allDone).toEqual([a2.id, b2.id, a4.id]);
    // Nothing is stale yet: staleOnly lists none of them; false is no filter.
    expect(await ids({ workstreamId: a.id, staleOnly: true })).toEqual([]);
    expect(await ids({ workstreamId: a.id, staleOnly: false })).toEqual([a1.id, a2.id, a3.id, a4.id]);

    const unknown = "01900000-0000-7000-8000-00000000abcd";
    const error = await f.services.tasks.list({ workstreamId: unknown }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).fieldErrors).toEqual({
      workstreamId: [`unknown workstream ${unknown}`],
    });
  });

  it("workstreams: the domain, repo and status filters, alone, together and on a later page", async () => {
    const repo = (await f.services.repos.register({ name: unique("org/list"), domain }, f.origin)).name;
    const mk = (title: string, d: string, withRepo: boolean, status?: "active") =>
      f.services.workstreams.create(
        { title, domain: d, ...(withRepo ? { repo } : {}), ...(status ? { status } : {}) },
        f.origin,
      );
    const w1 = await mk("w1", domain, true);
    const w2 = await mk("w2", otherDomain, false, "active");
    const w3 = await mk("w3", domain, false, "active");
    const w4 = await mk("w4", domain, true, "active");
    const w5 = await mk("w5", otherDomain, false);
    const mine = [w1, w2, w3, w4, w5].map((w) => w.id);
    const ids = async (input: Parameters<typeof f.services.workstreams.list>[0]) =>
      (await f.services.workstreams.list({ limit: 500, ...input })).items
        .map((w) => w.id)
        .filter((id) => mine.includes(id));
    expect(await ids({})).toEqual(mine);
    expect(await ids({ domain })).toEqual([w1.id, w3.id, w4.id]);
    expect(await ids({ domain: otherDomain })).toEqual([w2.id, w5.id]);
    expect(await ids({ repo })).toEqual([w1.id, w4.id]);
    expect(await ids({ status: "active" })).toEqual([w2.id, w3.id, w4.id]);
    expect(await ids({ domain, status: "active" })).toEqual([w3.id, w4.id]);
    expect(await ids({ repo, status: "planned" })).toEqual([w1.id]);
    const page = await f.services.workstreams.list({ repo, limit: 1 });
    expect(page.items.map((w) => w.id)).toEqual([w1.id]);
    expect(
      (await f.services.workstreams.list({ repo, limit: 1, cursor: page.nextCursor ?? "" })).items.map(
        (w) => w.id,
      ),
    ).toEqual([w4.id]);
    await expect(f.services.workstreams.list({ domain: "no-such-domain" })).rejects.toThrow(
      'unknown domain "no-such-domain" (create it with domains.upsert)',
    );
    await expect(f.services.workstreams.list({ repo: "no/such-repo" })).rejects.toThrow(
      'unknown repo "no/such-repo" (register it with repos.register)',
    );
  });

  it("repos, decisions and domain goals: their filters and paging", async () => {
    const d = unique("lst");
    await f.services.domains.upsert({ slug: d, name: "Mine" });
    const r1 = await f.services.repos.register({ name: unique("org/r"), domain: d }, f.origin);
    const rOther = await f.services.repos.register({ name: unique("org/r"), domain: otherDomain }, f.origin);
    const r2 = await f.services.repos.register({ name: unique("org/r"), domain: d }, f.origin);
    const repoList = (page: { cursor?: string; limit?: number }) =>
      f.services.repos.list({ domain: d, ...page });
    expect(await allPages(repoList, 1)).toEqual({ pages: [[r1.id], [r2.id]], cursors: [true, false] });
    expect((await f.services.repos.list({ limit: 500 })).items.map((r) => r.id)).toContain(rOther.id);

    const d1 = await f.services.decisions.create({ title: "One", domain: d }, f.origin);
    const dNone = await f.services.decisions.create({ title: "Nowhere" }, f.origin);
    const d2 = await f.services.decisions.create({ title: "Two", domain: d }, f.origin);
    await f.services.decisions.resolve({ id: d2.id, resolution: "yes" }, f.origin);
    const decisionIds = async (input: Parameters<typeof f.services.decisions.list>[0]) =>
      (await f.services.decisions.list({ limit: 500, ...input })).items.map((x) => x.id);
    expect(await decisionIds({ domain: d })).toEqual([d1.id, d2.id]);
    expect(await decisionIds({ domain: d, status: "open" })).toEqual([d1.id]);
    expect(await decisionIds({ domain: d, status: "resolved" })).toEqual([d2.id]);
    expect(
      (await decisionIds({ status: "open" })).filter((id) => [d1.id, dNone.id, d2.id].includes(id)),
    ).toEqual([d1.id, dNone.id]);
    const decisionList = (page: { cursor?: string; limit?: number }) =>
      f.services.decisions.list({ domain: d, ...page });
    expect(await allPages(decisionList, 1)).toEqual({ pages: [[d1.id], [d2.id]], cursors: [true, false] });

    const g1 = await f.services.domainGoals.create({ title: "G1", domain: d }, f.origin);
    const gOther = await f.services.domainGoals.create({ title: "G other", domain: otherDomain }, f.origin);
    const g2 = await f.services.domainGoals.create({ title: "G2", domain: d }, f.origin);
    await f.services.domainGoals.activate(g2.id, f.origin);
    const goalIds = async (input: Parameters<typeof f.services.domainGoals.list>[0]) =>
      (await f.services.domainGoals.list({ limit: 500, ...input })).items.map((x) => x.id);
    expect(await goalIds({ domain: d })).toEqual([g1.id, g2.id]);
    expect(await goalIds({ domain: d, status: "active" })).toEqual([g2.id]);
    expect(
      (await goalIds({ status: "proposed" })).filter((id) => [g1.id, gOther.id, g2.id].includes(id)),
    ).toEqual([g1.id, gOther.id]);
    const goalList = (page: { cursor?: string; limit?: number }) =>
      f.services.domainGoals.list({ domain: d, ...page });
    expect(await allPages(goalList, 1)).toEqual({ pages: [[g1.id], [g2.id]], cursors: [true, false] });
  });

  it("progress notes: on any entity that exists, by the caller unless named, filtered by entity", async () => {
    const ws = await f.services.workstreams.create({ title: "Noted", domain }, f.origin);
    const task = await f.services.tasks.create({ workstreamId: ws.id, title: "Noted task" }, f.origin);
    const onWs = await f.services.progress.record(
      { entityType: "workstream", entityId: ws.id, message: "started" },
      f.origin,
    );
    expect(onWs).toMatchObject({
      entityType: "workstream",
      entityId: ws.id,
      message: "started",
      author: "tester",
      createdAt: f.clock.now().toISOString(),
    });
    const onTask = await f.services.progress.record(
      { entityType: "task", entityId: task.id, message: "half way", author: "someone" },
      f.origin,
    );
    expect(onTask.author).toBe("someone");
    const anonymous = await f.services.progress.record(
      { entityType: "task", entityId: task.id, message: "nobody said" },
      { source: "/statehub-test" },
    );
    expect(anonymous.author).toBeNull();
    const ids = async (input: Parameters<typeof f.services.progress.list>[0]) =>
      (await f.services.progress.list({ limit: 500, ...input })).items.map((n) => n.id);
    expect(await ids({ entityType: "task", entityId: task.id })).toEqual([onTask.id, anonymous.id]);
    expect(await ids({ entityId: ws.id })).toEqual([onWs.id]);
    const onTasks = await ids({ entityType: "task" });
    expect(onTasks).toContain(onTask.id);
    expect(onTasks).not.toContain(onWs.id);
    expect(await ids({})).toEqual(expect.arrayContaining([onWs.id, onTask.id, anonymous.id]));
    const page = await f.services.progress.list({ entityId: task.id, limit: 1 });
    expect(page.items.map((n) => n.id)).toEqual([onTask.id]);
    expect(
      (
        await f.services.progress.list({ entityId: task.id, limit: 1, cursor: page.nextCursor ?? "" })
      ).items.map((n) => n.id),
    ).toEqual([anonymous.id]);

    // A task id is not a workstream: the reference is checked against the named kind.
    const error = await f.services.progress
      .record({ entityType: "workstream", entityId: task.id, message: "wrong kind" }, f.origin)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).fieldErrors).toEqual({
      entityId: [`no workstream with id ${task.id}`],
    });
  });

  it("domains page like every list", async () => {
    const all = (await f.services.domains.list({ limit: 500 })).items.map((x) => x.id);
    expect(all.length).toBeGreaterThanOrEqual(2);
    const list = (page: { cursor?: string; limit?: number }) => f.services.domains.list(page);
    const paged = await allPages(list, 1);
    expect(paged.pages.flat()).toEqual(all);
    expect(paged.cursors.at(-1)).toBe(false);
    expect(paged.cursors.slice(0, -1).every(Boolean)).toBe(true);
  });
});

describe.each(databaseTargets())("updates that change nothing write nothing on $name", ({ open }) => {
  let testDb: TestDatabase;
  let f: ServiceFixture;
  let domain: string;

  beforeAll(async () => {
    testDb = await open();
    f = serviceFixture(testDb.database);
    domain = unique("noop");
    await f.services.domains.upsert({ slug: domain, name: "No-ops" });
  });
  afterAll(() => testDb.cleanup());

  it("a task updated to what it is keeps its updatedAt", async () => {
    const ws = await f.services.workstreams.create({ title: "W", domain }, f.origin);
    const task = await f.services.tasks.create(
      { workstreamId: ws.id, title: "Same", status: "in_progress" },
      f.origin,
    );
    f.clock.advanceDays(1);
    const same = await f.services.tasks.update(
      { id: task.id, title: "Same", status: "in_progress" },
      f.origin,
    );
    expect(same).toEqual(task);
    expect(await f.services.tasks.get(task.id)).toEqual(task);
    const titleOnly = await f.services.tasks.update({ id: task.id, title: "Other" }, f.origin);
    expect(titleOnly).toMatchObject({
      title: "Other",
      status: "in_progress",
      updatedAt: f.clock.now().toISOString(),
    });
  });

  it("a workstream updated to what it is keeps its updatedAt and publishes nothing", async () => {
    const repo = (await f.services.repos.register({ name: unique("org/noop"), domain }, f.origin)).name;
    const ws = await f.services.workstreams.create(
      { title: "Same", domain, repo, status: "completed" },
      f.origin,
    );
    f.clock.advanceDays(1);
    const before = (await f.outbox()).length;
    const same = await f.services.workstreams.update(
      { id: ws.id, title: "Same", repo, status: "completed" },
      f.origin,
    );
    expect(same).toEqual(ws);
    expect(await f.services.workstreams.get({ id: ws.id })).toEqual(ws);
    expect((await f.outbox()).length).toBe(before);
    // Only the repo removed: a change, stamped now; the status (and its time) untouched.
    const unlinked = await f.services.workstreams.update({ id: ws.id, repo: null }, f.origin);
    expect(unlinked).toMatchObject({
      repo: null,
      status: "completed",
      statusChangedAt: ws.statusChangedAt,
      updatedAt: f.clock.now().toISOString(),
    });
    expect((await f.outbox()).length).toBe(before);
  });

  it("resolving a resolved decision or activating an active goal changes and publishes nothing", async () => {
    const decision = await f.services.decisions.create(
      { title: "D", context: "why we ask", domain },
      f.origin,
    );
    expect(await f.services.decisions.get(decision.id)).toMatchObject({
      title: "D",
      context: "why we ask",
      domain,
    });
    const resolved = await f.services.decisions.resolve({ id: decision.id, resolution: "first" }, f.origin);
    f.clock.advanceDays(1);
    const before = (await f.outbox()).length;
    const again = await f.services.decisions.resolve({ id: decision.id, resolution: "second" }, f.origin);
    expect(again).toEqual(resolved);
    expect(again).toMatchObject({ resolution: "first", context: "why we ask" });
    expect((await f.outbox()).length).toBe(before);

    const goal = await f.services.domainGoals.create({ title: "G", domain }, f.origin);
    const active = await f.services.domainGoals.activate(goal.id, f.origin);
    f.clock.advanceDays(1);
    const afterActivation = (await f.outbox()).length;
    expect(await f.services.domainGoals.activate(goal.id, f.origin)).toEqual(active);
    expect((await f.outbox()).length).toBe(afterActivation);
  });
});
