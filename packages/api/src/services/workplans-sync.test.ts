import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseTargets, type TestDatabase } from "../testing/databases.js";
import { type ServiceFixture, serviceFixture, unique } from "../testing/services.js";
import type { SyncWorkplanFile, SyncWorkplanTask } from "./workplans/types.js";

// workplans.sync at the service, case by case (the CLI end to end is apps/server/test/workplans,
// which runs the built hub and so cannot see a change in src): what one file does to the
// workstream, its tasks, its repo and the outbox, and what one file's failure leaves of the others.
// Expected values are written out here from the workplans README, never read from the service.

const hash = (n: number) => n.toString(16).padStart(64, "0");

describe.each(databaseTargets())("workplans.sync file by file on $name", ({ open }) => {
  let testDb: TestDatabase;
  let f: ServiceFixture;
  let domain: string;

  beforeAll(async () => {
    testDb = await open();
    f = serviceFixture(testDb.database);
    domain = unique("plans");
    await f.services.domains.upsert({ slug: domain, name: "Plans" });
    // Registered by the API, so files in it are not the first to name it.
    await f.services.repos.register({ name: "org/known", domain }, f.origin);
  });
  afterAll(() => testDb.cleanup());

  interface FileOptions {
    repo?: string;
    path?: string;
    commit?: string;
    contentHash?: string;
    title?: string;
    domain?: string;
    status?: SyncWorkplanFile["workplan"]["status"];
    workstreamId?: string;
    tasks?: SyncWorkplanTask[];
  }
  const file = (key: string, options: FileOptions = {}): SyncWorkplanFile => ({
    source: {
      repo: options.repo ?? "org/known",
      path: options.path ?? `workplans/${key}.md`,
      commit: options.commit ?? "c0ffee",
      contentHash: options.contentHash ?? hash(1),
    },
    workplan: {
      key,
      title: options.title ?? `Plan ${key}`,
      domain: options.domain ?? domain,
      ...(options.status === undefined ? {} : { status: options.status }),
      ...(options.workstreamId === undefined ? {} : { workstreamId: options.workstreamId }),
      tasks: options.tasks ?? [
        { key: "T1", title: "First", status: "done" },
        { key: "T2", title: "Second" },
      ],
    },
  });
  const sync = (files: SyncWorkplanFile[], extra: { prune?: boolean; dryRun?: boolean } = {}) =>
    f.services.workplans.sync({ files, ...extra }, f.origin);
  const tasksOf = async (workstreamId: string) =>
    (await f.services.tasks.list({ workstreamId, limit: 100 })).items
      .map((task) => ({ key: task.key, title: task.title, status: task.status }))
      .sort((a, b) => a.key.localeCompare(b.key));
  const subjectsSince = async (before: number) => (await f.outbox()).slice(before).map((row) => row.subject);
  const noCounts = { created: 0, updated: 0, unchanged: 0, dropped: 0, cancelled: 0 };

  it("creates the workstream (planned when the file has no status) and its tasks (todo when none)", async () => {
    const key = unique("WP");
    const before = (await f.outbox()).length;
    const report = await sync([file(key)]);
    const ws = await f.services.workstreams.get({ key });
    expect(report.dryRun).toBe(false);
    expect(report.files).toEqual([
      {
        path: `workplans/${key}.md`,
        key,
        outcome: "created",
        message: null,
        workstreamId: ws.id,
        repoRegistered: false,
        tasks: { ...noCounts, created: 2 },
        taskIds: [
          { key: "T1", id: expect.any(String) },
          { key: "T2", id: expect.any(String) },
        ],
        events: [],
      },
    ]);
    expect(report.orphans).toEqual([]);
    expect(ws).toMatchObject({ key, title: `Plan ${key}`, domain, repo: "org/known", status: "planned" });
    expect(await tasksOf(ws.id)).toEqual([
      { key: "T1", title: "First", status: "done" },
      { key: "T2", title: "Second", status: "todo" },
    ]);
    const listed = (await f.services.tasks.list({ workstreamId: ws.id, limit: 100 })).items;
    expect(report.files[0]?.taskIds.map((t) => t.id).sort()).toEqual(listed.map((t) => t.id).sort());
    expect(await subjectsSince(before)).toEqual([]);
  });

  it("a file is applied atomically: a task it cannot apply leaves nothing of it, not even its new repo", async () => {
    const key = unique("WP");
    const repo = unique("org/atomic");
    const missing = "01900000-0000-7000-8000-000000000000";
    const before = (await f.outbox()).length;
    const report = await sync([
      file(key, {
        repo,
        tasks: [
          { key: "T1", title: "Fine" },
          { key: "T2", title: "Names nothing", taskId: missing },
        ],
      }),
    ]);
    expect(report.files).toEqual([
      {
        path: `workplans/${key}.md`,
        key,
        outcome: "error",
        message: `task T2: state_hub_task_id ${missing} names no task in this hub (remove it to create one)`,
        workstreamId: null,
        repoRegistered: false,
        tasks: noCounts,
        taskIds: [],
        events: [],
      },
    ]);
    await expect(f.services.workstreams.get({ key })).rejects.toThrow();
    await expect(f.services.repos.get({ name: repo })).rejects.toThrow();
    expect(await subjectsSince(before)).toEqual([]);
  });

  it("an unknown repo is registered once in the workplan's domain, however many files name it", async () => {
    const repo = unique("org/new");
    const [a, b, c] = [unique("WP"), unique("WP"), unique("WP")];
    const before = (await f.outbox()).length;
    const report = await sync([file(a, { repo }), file(b, { repo }), file(c, { repo })]);
    expect(report.files.map((r) => r.outcome)).toEqual(["created", "created", "created"]);
    expect(report.files.filter((r) => r.repoRegistered)).toHaveLength(1);
    const registering = report.files.find((r) => r.repoRegistered);
    expect(registering?.events).toEqual(["org.statehub.repo.registered"]);
    expect(report.files.filter((r) => !r.repoRegistered).map((r) => r.events)).toEqual([[], []]);
    expect(await subjectsSince(before)).toEqual(["org.statehub.repo.registered"]);
    expect(await f.services.repos.get({ name: repo })).toMatchObject({ name: repo, domain });
    for (const key of [a, b, c]) {
      expect((await f.services.workstreams.get({ key })).repo).toBe(repo);
    }
    const again = await sync([file(unique("WP"), { repo })]);
    expect(again.files[0]).toMatchObject({ outcome: "created", repoRegistered: false, events: [] });
  });

  it("an unknown domain is that file's error; the other files of the request apply", async () => {
    const [bad, good] = [unique("WP"), unique("WP")];
    const report = await sync([file(bad, { domain: "no-such-domain" }), file(good)]);
    expect(report.files[0]).toMatchObject({
      key: bad,
      outcome: "error",
      message: 'unknown domain "no-such-domain" (create it with domains.upsert)',
      workstreamId: null,
    });
    expect(report.files[1]).toMatchObject({ key: good, outcome: "created" });
    await expect(f.services.workstreams.get({ key: bad })).rejects.toThrow();
  });

  it("an illegal transition is that file's conflict while the others of the request apply", async () => {
    const [done, other] = [unique("WP"), unique("WP")];
    await sync([file(done, { status: "completed" }), file(other)]);
    const report = await sync([
      file(done, { status: "planned", contentHash: hash(2) }),
      file(other, { status: "active", contentHash: hash(2) }),
    ]);
    expect(report.files[0]).toEqual({
      path: `workplans/${done}.md`,
      key: done,
      outcome: "conflict",
      message: "workstream is completed; cannot move to planned (allowed: active)",
      workstreamId: null,
      repoRegistered: false,
      tasks: noCounts,
      taskIds: [],
      events: [],
    });
    expect(report.files[1]).toMatchObject({ key: other, outcome: "updated" });
    expect((await f.services.workstreams.get({ key: done })).status).toBe("completed");
    expect((await f.services.workstreams.get({ key: done })).source?.contentHash).toBe(hash(1));
    expect((await f.services.workstreams.get({ key: other })).status).toBe("active");
  });

  it("completing in the file publishes workstream.completed once; re-syncs publish nothing", async () => {
    const key = unique("WP");
    await sync([file(key, { status: "active" })]);
    const before = (await f.outbox()).length;
    const completing = await sync([file(key, { status: "completed", contentHash: hash(2) })]);
    expect(completing.files[0]).toMatchObject({
      outcome: "updated",
      events: ["org.statehub.workstream.completed"],
    });
    expect(await subjectsSince(before)).toEqual(["org.statehub.workstream.completed"]);
    const [row] = (await f.outbox()).slice(before);
    expect(row?.envelope).toMatchObject({
      data: {
        workstreamId: completing.files[0]?.workstreamId,
        key,
        domain,
        repo: "org/known",
        previousStatus: "active",
      },
    });

    const after = (await f.outbox()).length;
    const retitled = await sync([file(key, { status: "completed", contentHash: hash(3), title: "Renamed" })]);
    expect(retitled.files[0]).toMatchObject({ outcome: "updated", events: [] });
    const same = await sync([file(key, { status: "completed", contentHash: hash(3), title: "Renamed" })]);
    expect(same.files[0]).toMatchObject({ outcome: "unchanged", events: [] });
    expect(await subjectsSince(after)).toEqual([]);
  });

  it("a file created as completed publishes its completion from planned", async () => {
    const key = unique("WP");
    const before = (await f.outbox()).length;
    const report = await sync([file(key, { status: "completed" })]);
    expect(report.files[0]?.events).toEqual(["org.statehub.workstream.completed"]);
    const [row] = (await f.outbox()).slice(before);
    expect(row?.envelope).toMatchObject({ data: { key, previousStatus: "planned" } });
  });

  it("an unchanged content hash writes nothing and reports the tasks as they are", async () => {
    const key = unique("WP");
    const first = await sync([file(key)]);
    const ws = await f.services.workstreams.get({ key });
    const tasksBefore = (await f.services.tasks.list({ workstreamId: ws.id, limit: 100 })).items;
    f.clock.advanceDays(1);
    const before = (await f.outbox()).length;
    const again = await sync([file(key, { title: "Changed but same hash" })]);
    expect(again.files).toEqual([
      {
        path: `workplans/${key}.md`,
        key,
        outcome: "unchanged",
        message: null,
        workstreamId: ws.id,
        repoRegistered: false,
        tasks: { ...noCounts, unchanged: 2 },
        taskIds: first.files[0]?.taskIds,
        events: [],
      },
    ]);
    expect(await f.services.workstreams.get({ key })).toEqual(ws);
    expect((await f.services.tasks.list({ workstreamId: ws.id, limit: 100 })).items).toEqual(tasksBefore);
    expect(await subjectsSince(before)).toEqual([]);
  });

  it("same hash: open tasks the file does not list count as dropped, and prune cancels them", async () => {
    const key = unique("WP");
    const firstSyncedAt = f.clock.now().toISOString();
    await sync([file(key)]);
    const ws = await f.services.workstreams.get({ key });
    await f.services.tasks.create({ workstreamId: ws.id, key: "EXTRA", title: "Added by hand" }, f.origin);
    const finished = await f.services.tasks.create(
      { workstreamId: ws.id, key: "DONE", title: "Finished by hand" },
      f.origin,
    );
    await f.services.tasks.update({ id: finished.id, status: "done" }, f.origin);

    const plain = await sync([file(key)]);
    expect(plain.files[0]).toMatchObject({
      outcome: "unchanged",
      tasks: { ...noCounts, unchanged: 2, dropped: 1 },
    });
    expect(plain.files[0]?.taskIds.map((t) => t.key)).toEqual(["T1", "T2"]);
    const check = await f.services.workplans.check({
      files: [{ path: `workplans/${key}.md`, contentHash: hash(1) }],
    });
    expect(check.known[0]?.tasks).toEqual({ ...noCounts, unchanged: 2, dropped: 1 });

    // Under prune the same bytes only cancel what the file no longer lists: the source keeps
    // the commit and time of the sync that applied those bytes.
    const source = (await f.services.workstreams.get({ key })).source;
    f.clock.advanceDays(1);
    const pruned = await sync([file(key, { commit: "later-commit" })], { prune: true });
    expect(pruned.files[0]).toMatchObject({
      outcome: "updated",
      workstreamId: ws.id,
      tasks: { ...noCounts, unchanged: 2, dropped: 1, cancelled: 1 },
    });
    const listedIds = (await f.services.tasks.list({ workstreamId: ws.id, limit: 100 })).items;
    const idOf = (k: string) => listedIds.find((t) => t.key === k)?.id;
    expect(pruned.files[0]?.taskIds).toEqual([
      { key: "T1", id: idOf("T1") },
      { key: "T2", id: idOf("T2") },
    ]);
    expect((await f.services.workstreams.get({ key })).source).toEqual(source);
    expect(source).toMatchObject({ commit: "c0ffee", syncedAt: firstSyncedAt });
    expect(await tasksOf(ws.id)).toEqual([
      { key: "DONE", title: "Finished by hand", status: "done" },
      { key: "EXTRA", title: "Added by hand", status: "cancelled" },
      { key: "T1", title: "First", status: "done" },
      { key: "T2", title: "Second", status: "todo" },
    ]);
    const settled = await sync([file(key)], { prune: true });
    expect(settled.files[0]).toMatchObject({ outcome: "unchanged", tasks: { ...noCounts, unchanged: 2 } });
  });

  it("a changed file updates tasks by key, adds new ones, and without prune leaves dropped ones open", async () => {
    const key = unique("WP");
    await sync([
      file(key, {
        tasks: [
          { key: "A", title: "Alpha" },
          { key: "B", title: "Beta" },
          { key: "C", title: "Gamma", status: "in_progress" },
          { key: "D", title: "Delta", status: "done" },
        ],
      }),
    ]);
    const ws = await f.services.workstreams.get({ key });
    const next = (prune: boolean, contentHash: string) =>
      sync(
        [
          file(key, {
            contentHash,
            tasks: [
              { key: "A", title: "Alpha" },
              { key: "B", title: "Beta, renamed" },
              { key: "E", title: "Epsilon", status: "blocked" },
            ],
          }),
        ],
        { prune },
      );
    const report = await next(false, hash(2));
    expect(report.files[0]).toMatchObject({
      outcome: "updated",
      tasks: { created: 1, updated: 1, unchanged: 1, dropped: 1, cancelled: 0 },
    });
    expect(report.files[0]?.taskIds.map((t) => t.key)).toEqual(["A", "B", "E"]);
    expect(await tasksOf(ws.id)).toEqual([
      { key: "A", title: "Alpha", status: "todo" },
      { key: "B", title: "Beta, renamed", status: "todo" },
      { key: "C", title: "Gamma", status: "in_progress" },
      { key: "D", title: "Delta", status: "done" },
      { key: "E", title: "Epsilon", status: "blocked" },
    ]);
    const pruned = await next(true, hash(3));
    expect(pruned.files[0]).toMatchObject({
      outcome: "updated",
      tasks: { created: 0, updated: 0, unchanged: 3, dropped: 1, cancelled: 1 },
    });
    expect((await tasksOf(ws.id)).find((t) => t.key === "C")?.status).toBe("cancelled");
  });

  it("a task's status absent from the file is left as the hub has it; one present is applied", async () => {
    const key = unique("WP");
    await sync([
      file(key, {
        tasks: [
          { key: "A", title: "Alpha" },
          { key: "B", title: "Beta" },
        ],
      }),
    ]);
    const ws = await f.services.workstreams.get({ key });
    const [a] = (await f.services.tasks.list({ workstreamId: ws.id, limit: 100 })).items.filter(
      (t) => t.key === "A",
    );
    await f.services.tasks.update({ id: a?.id ?? "", status: "in_progress" }, f.origin);
    const report = await sync([
      file(key, {
        contentHash: hash(2),
        tasks: [
          { key: "A", title: "Alpha" },
          { key: "B", title: "Beta", status: "done" },
        ],
      }),
    ]);
    expect(report.files[0]?.tasks).toEqual({ ...noCounts, updated: 1, unchanged: 1 });
    expect(await tasksOf(ws.id)).toEqual([
      { key: "A", title: "Alpha", status: "in_progress" },
      { key: "B", title: "Beta", status: "done" },
    ]);
    const illegal = await sync([
      file(key, {
        contentHash: hash(3),
        tasks: [
          { key: "A", title: "Alpha" },
          { key: "B", title: "Beta", status: "blocked" },
        ],
      }),
    ]);
    expect(illegal.files[0]).toMatchObject({
      outcome: "conflict",
      message: "task is done; cannot move to blocked (allowed: todo, in_progress)",
    });
  });

  it("state_hub_task_id renames a task; a key listed twice or two ids for one task are the file's error", async () => {
    const key = unique("WP");
    const first = await sync([
      file(key, {
        tasks: [
          { key: "A", title: "Alpha" },
          { key: "B", title: "Beta" },
        ],
      }),
    ]);
    const ws = await f.services.workstreams.get({ key });
    const idOf = (k: string) => first.files[0]?.taskIds.find((t) => t.key === k)?.id ?? "";
    const renamed = await sync([
      file(key, {
        contentHash: hash(2),
        tasks: [
          { key: "A2", title: "Alpha", taskId: idOf("A") },
          { key: "B", title: "Beta" },
        ],
      }),
    ]);
    expect(renamed.files[0]).toMatchObject({
      outcome: "updated",
      tasks: { ...noCounts, updated: 1, unchanged: 1 },
    });
    expect(renamed.files[0]?.taskIds).toEqual([
      { key: "A2", id: idOf("A") },
      { key: "B", id: idOf("B") },
    ]);
    expect((await tasksOf(ws.id)).map((t) => t.key)).toEqual(["A2", "B"]);

    const twice = await sync([
      file(key, {
        contentHash: hash(3),
        tasks: [
          { key: "B", title: "Beta" },
          { key: "B", title: "Beta again" },
        ],
      }),
    ]);
    expect(twice.files[0]).toMatchObject({ outcome: "error", message: 'duplicate task id "B"' });

    const sameTask = await sync([
      file(key, {
        contentHash: hash(4),
        tasks: [
          { key: "A2", title: "Alpha", taskId: idOf("A") },
          { key: "A3", title: "Alpha too", taskId: idOf("A") },
        ],
      }),
    ]);
    expect(sameTask.files[0]).toMatchObject({
      outcome: "error",
      message: "task A3: names the same task as another task of this workplan",
    });

    const heldKey = await sync([
      file(key, { contentHash: hash(5), tasks: [{ key: "B", title: "Alpha", taskId: idOf("A") }] }),
    ]);
    expect(heldKey.files[0]).toMatchObject({
      outcome: "error",
      message: `task B: the key is held by another task of this workstream (${idOf("B")}); rename in two syncs`,
    });
    expect((await tasksOf(ws.id)).map((t) => t.key)).toEqual(["A2", "B"]);
  });

  it("a state_hub_task_id of another workplan's task is the file's error, naming that workplan", async () => {
    const [owner, thief] = [unique("WP"), unique("WP")];
    const owned = await sync([file(owner, { tasks: [{ key: "X", title: "Mine" }] })]);
    const taskId = owned.files[0]?.taskIds[0]?.id ?? "";
    const report = await sync([file(thief, { tasks: [{ key: "X", title: "Taken", taskId }] })]);
    expect(report.files[0]).toMatchObject({
      outcome: "error",
      message: `task X: state_hub_task_id ${taskId} is a task of another workplan (${owner})`,
    });
    await expect(f.services.workstreams.get({ key: thief })).rejects.toThrow();
  });

  it("a new id with the same state_hub_workstream_id renames the workstream's key", async () => {
    const [oldKey, newKey] = [unique("WP"), unique("WP")];
    const first = await sync([file(oldKey, { path: "workplans/renamed.md" })]);
    const id = first.files[0]?.workstreamId ?? "";
    const before = (await f.outbox()).length;
    const report = await sync([
      file(newKey, { path: "workplans/renamed.md", workstreamId: id, contentHash: hash(2) }),
    ]);
    expect(report.files[0]).toMatchObject({
      key: newKey,
      outcome: "updated",
      workstreamId: id,
      tasks: { ...noCounts, unchanged: 2 },
    });
    expect(await f.services.workstreams.get({ id })).toMatchObject({
      key: newKey,
      source: { path: "workplans/renamed.md", contentHash: hash(2) },
    });
    await expect(f.services.workstreams.get({ key: oldKey })).rejects.toThrow();
    expect(await subjectsSince(before)).toEqual([]);
    // Unchanged since: the same file again is answered without a write.
    const again = await sync([
      file(newKey, { path: "workplans/renamed.md", workstreamId: id, contentHash: hash(2) }),
    ]);
    expect(again.files[0]).toMatchObject({ outcome: "unchanged", workstreamId: id });
  });

  it("a file moved in its repo keeps its workstream and records the new path", async () => {
    const key = unique("WP");
    const first = await sync([file(key, { path: "workplans/old-place.md" })]);
    const moved = await sync([file(key, { path: "workplans/new-place.md" })]);
    expect(moved.files[0]).toMatchObject({
      outcome: "unchanged",
      workstreamId: first.files[0]?.workstreamId,
    });
    expect((await f.services.workstreams.get({ key })).source?.path).toBe("workplans/new-place.md");
    const known = await f.services.workplans.check({
      files: [
        { path: "workplans/old-place.md", contentHash: hash(1) },
        { path: "workplans/new-place.md", contentHash: hash(1) },
      ],
    });
    expect(known.known.filter((k) => k.key === key).map((k) => k.path)).toEqual(["workplans/new-place.md"]);
    // Known means the same path with the same hash: other bytes at that path are not known.
    const otherBytes = await f.services.workplans.check({
      files: [{ path: "workplans/new-place.md", contentHash: hash(9) }],
    });
    expect(otherBytes.known).toEqual([]);
  });

  it("an id or state_hub_workstream_id that names another workplan's workstream is an error", async () => {
    const [owner, other] = [unique("WP"), unique("WP")];
    const first = await sync([file(owner)]);
    const id = first.files[0]?.workstreamId ?? "";
    const otherRepo = unique("org/other");
    await f.services.repos.register({ name: otherRepo, domain }, f.origin);

    const sameKey = await sync([file(owner, { repo: otherRepo, contentHash: hash(2) })]);
    expect(sameKey.files[0]).toMatchObject({
      outcome: "error",
      message: `id ${owner} names the workstream of another workplan (org/known: workplans/${owner}.md)`,
    });
    const byId = await sync([file(other, { repo: otherRepo, workstreamId: id })]);
    expect(byId.files[0]).toMatchObject({
      outcome: "error",
      message: `state_hub_workstream_id ${id} names the workstream of another workplan (org/known: workplans/${owner}.md)`,
    });
    // Another file of the same repo under another key is another workplan too.
    const sameRepo = await sync([file(other, { path: "workplans/elsewhere.md", workstreamId: id })]);
    expect(sameRepo.files[0]).toMatchObject({
      outcome: "error",
      message: `state_hub_workstream_id ${id} names the workstream of another workplan (org/known: workplans/${owner}.md)`,
    });
    await expect(f.services.workstreams.get({ key: other })).rejects.toThrow();
    expect((await f.services.workstreams.get({ id })).key).toBe(owner);
  });

  it("the same bytes are no shortcut past the file's identity: another workstream's id or another repo is still an error", async () => {
    const [a, b] = [unique("WP"), unique("WP")];
    const created = await sync([file(a), file(b)]);
    const [idA, idB] = created.files.map((r) => r.workstreamId);
    // Repo, path and hash are those a was synced from; only the id names b's workstream.
    const clash = await sync([file(a, { workstreamId: idB ?? "" })]);
    expect(clash.files[0]).toMatchObject({
      outcome: "error",
      message: `id ${a} is already the key of workstream ${idA}, not of state_hub_workstream_id ${idB}`,
    });
    const otherRepo = unique("org/copy");
    await f.services.repos.register({ name: otherRepo, domain }, f.origin);
    const copied = await sync([file(a, { repo: otherRepo })]);
    expect(copied.files[0]).toMatchObject({
      outcome: "error",
      message: `id ${a} names the workstream of another workplan (org/known: workplans/${a}.md)`,
    });
    expect((await f.services.workstreams.get({ key: a })).source).toMatchObject({ repo: "org/known" });
  });

  it("a new id under a known state_hub_workstream_id renames the key even when the bytes' hash is the one last applied", async () => {
    const [oldKey, newKey] = [unique("WP"), unique("WP")];
    const path = `workplans/${unique("same-bytes")}.md`;
    const first = await sync([file(oldKey, { path })]);
    const id = first.files[0]?.workstreamId ?? "";
    const report = await sync([file(newKey, { path, workstreamId: id })]);
    expect(report.files[0]).toMatchObject({ key: newKey, outcome: "updated", workstreamId: id });
    expect((await f.services.workstreams.get({ id })).key).toBe(newKey);
  });

  it("check() of no files knows none", async () => {
    expect(await f.services.workplans.check({ files: [] })).toEqual({ known: [] });
  });

  it("a state_hub_workstream_id that names nothing, or disagrees with the key's workstream, is an error", async () => {
    const [a, b] = [unique("WP"), unique("WP")];
    const missing = "01900000-0000-7000-8000-0000000000ff";
    const none = await sync([file(a, { workstreamId: missing })]);
    expect(none.files[0]).toMatchObject({
      outcome: "error",
      message: `state_hub_workstream_id ${missing} names no workstream in this hub (remove it to create one)`,
    });
    const created = await sync([file(a), file(b)]);
    const [idA, idB] = created.files.map((r) => r.workstreamId);
    const clash = await sync([file(a, { workstreamId: idB ?? "", contentHash: hash(2) })]);
    expect(clash.files[0]).toMatchObject({
      outcome: "error",
      message: `id ${a} is already the key of workstream ${idA}, not of state_hub_workstream_id ${idB}`,
    });
  });

  it("two files of one request claiming one workstream: the second is an error, the first applies", async () => {
    const [a, b] = [unique("WP"), unique("WP")];
    const report = await sync([file(a), file(a, { path: "workplans/copy.md" })]);
    expect(report.files.map((r) => r.outcome)).toEqual(["created", "error"]);
    expect(report.files[1]?.message).toBe(`id ${a} is also claimed by workplans/${a}.md`);
    const id = report.files[0]?.workstreamId ?? "";
    const byId = await sync([
      file(a, { workstreamId: id, contentHash: hash(2) }),
      file(b, { workstreamId: id, path: "workplans/b.md" }),
    ]);
    expect(byId.files[1]).toMatchObject({
      outcome: "error",
      message: `state_hub_workstream_id ${id} is also claimed by workplans/${a}.md`,
    });
    // Only the hash differs: nothing of the workstream changes, the source records the new hash.
    expect(byId.files[0]?.outcome).toBe("unchanged");
    expect((await f.services.workstreams.get({ id })).source?.contentHash).toBe(hash(2));
  });

  it("two syncs of one new file at once: one creates it, the other finds it; one completion event", async () => {
    const key = unique("WP");
    const before = (await f.outbox()).length;
    const reports = await Promise.all([
      sync([file(key, { status: "completed" })]),
      sync([file(key, { status: "completed" })]),
    ]);
    expect(reports.map((r) => r.files[0]?.outcome).sort()).toEqual(["created", "unchanged"]);
    expect(await subjectsSince(before)).toEqual(["org.statehub.workstream.completed"]);
    const ws = await f.services.workstreams.get({ key });
    expect(reports.map((r) => r.files[0]?.workstreamId)).toEqual([ws.id, ws.id]);
    // The one that waited is answered as unchanged, with the same tasks, registering nothing.
    expect(reports.map((r) => r.files[0]?.repoRegistered)).toEqual([false, false]);
    expect(reports[1]?.files[0]?.taskIds).toEqual(reports[0]?.files[0]?.taskIds);
    expect(reports[0]?.files[0]?.taskIds.map((t) => t.key)).toEqual(["T1", "T2"]);
    expect((await f.services.tasks.list({ workstreamId: ws.id, limit: 100 })).items).toHaveLength(2);
  });

  it("a file that names another domain moves its workstream there", async () => {
    const key = unique("WP");
    const elsewhere = unique("moved");
    await f.services.domains.upsert({ slug: elsewhere, name: "Moved" });
    await sync([file(key)]);
    const report = await sync([file(key, { domain: elsewhere, contentHash: hash(2) })]);
    expect(report.files[0]).toMatchObject({ outcome: "updated", events: [] });
    expect((await f.services.workstreams.get({ key })).domain).toBe(elsewhere);
  });

  it("check(): the same bytes at the same path in two repos are known only when the repo is named", async () => {
    const [a, b] = [unique("WP"), unique("WP")];
    const repoA = unique("org/twin");
    const repoB = unique("org/twin");
    const path = `workplans/${unique("twin")}.md`;
    await sync([
      file(a, { repo: repoA, path, contentHash: hash(5) }),
      file(b, { repo: repoB, path, contentHash: hash(5) }),
    ]);
    const files = [{ path, contentHash: hash(5) }];
    expect((await f.services.workplans.check({ files })).known).toEqual([]);
    expect(
      (await f.services.workplans.check({ repo: repoB, files })).known.map((k) => [k.repo, k.key]),
    ).toEqual([[repoB, b]]);
  });

  it("a workstream made by the API is adopted by the file with its key", async () => {
    const key = unique("WP");
    const made = await f.services.workstreams.create({ key, title: "By hand", domain }, f.origin);
    const report = await sync([file(key)]);
    expect(report.files[0]).toMatchObject({ outcome: "updated", workstreamId: made.id });
    expect(await f.services.workstreams.get({ key })).toMatchObject({
      title: `Plan ${key}`,
      repo: "org/known",
      source: { repo: "org/known", path: `workplans/${key}.md` },
    });
  });

  it("a dry run of a changed file reports the change and leaves the hub as it was", async () => {
    const key = unique("WP");
    await sync([file(key, { status: "active" })]);
    const ws = await f.services.workstreams.get({ key });
    const before = (await f.outbox()).length;
    const report = await sync([file(key, { status: "completed", contentHash: hash(2) })], { dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.files[0]).toMatchObject({
      outcome: "updated",
      events: ["org.statehub.workstream.completed"],
    });
    expect(await f.services.workstreams.get({ key })).toEqual(ws);
    expect(await subjectsSince(before)).toEqual([]);
  });
});

describe.each(databaseTargets())("workplans.sync orphans on $name", ({ open }) => {
  let testDb: TestDatabase;
  let f: ServiceFixture;
  let domain: string;

  beforeAll(async () => {
    testDb = await open();
    f = serviceFixture(testDb.database);
    domain = unique("orph");
    await f.services.domains.upsert({ slug: domain, name: "Orphans" });
  });
  afterAll(() => testDb.cleanup());

  const file = (repo: string, key: string, status?: "completed"): SyncWorkplanFile => ({
    source: { repo, path: `plans/${key}.md`, commit: null, contentHash: hash(7) },
    workplan: {
      key,
      title: key,
      domain,
      ...(status ? { status } : {}),
      tasks: [
        { key: "OPEN", title: "Open" },
        { key: "WIP", title: "Going", status: "in_progress" },
        { key: "DONE", title: "Done", status: "done" },
      ],
    },
  });
  const scope = (
    repo: string,
    keys: string[],
    more: { workstreamIds?: string[]; unparsedPaths?: string[] } = {},
  ) => ({
    repo,
    keys,
    workstreamIds: more.workstreamIds ?? [],
    unparsedPaths: more.unparsedPaths ?? [],
  });

  it("reports the open workstreams of the scope's repo whose file is gone; prune cancels them and their open tasks", async () => {
    const repo = unique("org/orphans");
    const kept = unique("K");
    const gone = unique("G");
    const unparsed = unique("U");
    const byId = unique("I");
    const finished = unique("F");
    const elsewhere = unique("E");
    const setup = await f.services.workplans.sync(
      {
        files: [
          file(repo, kept),
          file(repo, gone ?? ""),
          file(repo, unparsed),
          file(repo, byId),
          file(repo, finished, "completed"),
          file(unique("org/elsewhere"), elsewhere),
        ],
      },
      f.origin,
    );
    const idOf = (key: string) => setup.files.find((r) => r.key === key)?.workstreamId ?? "";
    const theScope = scope(repo, [kept], {
      workstreamIds: [idOf(byId)],
      unparsedPaths: [`plans/${unparsed}.md`],
    });

    const left = await f.services.workplans.sync({ files: [], scope: theScope }, f.origin);
    expect(left.orphans).toEqual([
      {
        workstreamId: idOf(gone),
        key: gone,
        path: `plans/${gone}.md`,
        status: "planned",
        action: "left",
        tasksCancelled: 0,
      },
    ]);
    expect((await f.services.workstreams.get({ key: gone })).status).toBe("planned");

    const dry = await f.services.workplans.sync(
      { files: [], scope: theScope, prune: true, dryRun: true },
      f.origin,
    );
    expect(dry.orphans[0]).toMatchObject({ key: gone, action: "cancelled", tasksCancelled: 2 });
    expect((await f.services.workstreams.get({ key: gone })).status).toBe("planned");

    const before = (await f.outbox()).length;
    const pruned = await f.services.workplans.sync({ files: [], scope: theScope, prune: true }, f.origin);
    expect(pruned.orphans).toEqual([
      {
        workstreamId: idOf(gone),
        key: gone,
        path: `plans/${gone}.md`,
        status: "planned",
        action: "cancelled",
        tasksCancelled: 2,
      },
    ]);
    expect((await f.services.workstreams.get({ key: gone })).status).toBe("cancelled");
    const statuses = (await f.services.tasks.list({ workstreamId: idOf(gone), limit: 100 })).items
      .map((t) => `${t.key}:${t.status}`)
      .sort();
    expect(statuses).toEqual(["DONE:done", "OPEN:cancelled", "WIP:cancelled"]);
    expect((await f.outbox()).length).toBe(before);
    for (const key of [kept, unparsed, byId, elsewhere]) {
      expect((await f.services.workstreams.get({ key: key })).status).toBe("planned");
    }
    const again = await f.services.workplans.sync({ files: [], scope: theScope, prune: true }, f.origin);
    expect(again.orphans).toEqual([]);
  });

  it("with no keys, ids or unparsed paths in scope, every open workstream of the repo is an orphan", async () => {
    const repo = unique("org/empty");
    const [a, b] = [unique("A"), unique("B")];
    await f.services.workplans.sync({ files: [file(repo, a), file(repo, b)] }, f.origin);
    const report = await f.services.workplans.sync({ files: [], scope: scope(repo, []) }, f.origin);
    expect(report.orphans.map((o) => o.key)).toEqual([a, b].sort());
  });
});
