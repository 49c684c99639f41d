import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, NotFoundError } from "../domain/errors.js";
import { databaseTargets, type TestDatabase } from "../testing/databases.js";
import { serviceFixture, unique } from "../testing/services.js";

// What a caller reads when a call fails (the message travels unchanged to the API's error and
// the CLI's output), and what a call fills in when the caller leaves a field out. Each test
// makes its services itself, so building them is part of what it checks.

const UNKNOWN_ID = "01900000-0000-7000-8000-00000000dead";

async function caught(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error("expected the call to fail");
  return error;
}

describe.each(databaseTargets())("error messages and defaults on $name", ({ open }) => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await open();
  });
  afterAll(() => testDb.cleanup());

  async function fixture() {
    const f = serviceFixture(testDb.database);
    const domain = unique("err");
    await f.services.domains.upsert({ slug: domain, name: "Errors" });
    return { f, domain };
  }

  it("not found names the entity and the key it was asked by, with code NOT_FOUND", async () => {
    const { f } = await fixture();
    const cases: [() => Promise<unknown>, string][] = [
      [() => f.services.workstreams.get({ key: "no-such-key" }), "workstream no-such-key not found"],
      [() => f.services.workstreams.get({ id: UNKNOWN_ID }), `workstream ${UNKNOWN_ID} not found`],
      [() => f.services.repos.get({ name: "no/such" }), "repo no/such not found"],
      [() => f.services.repos.get({ id: UNKNOWN_ID }), `repo ${UNKNOWN_ID} not found`],
      [() => f.services.tasks.get(UNKNOWN_ID), `task ${UNKNOWN_ID} not found`],
      [() => f.services.decisions.get(UNKNOWN_ID), `decision ${UNKNOWN_ID} not found`],
      [() => f.services.domainGoals.get(UNKNOWN_ID), `domain goal ${UNKNOWN_ID} not found`],
      [() => f.services.dashboard.domain("no-such-domain"), "domain no-such-domain not found"],
      [() => f.services.dashboard.workstream(UNKNOWN_ID), `workstream ${UNKNOWN_ID} not found`],
    ];
    for (const [call, message] of cases) {
      const error = await caught(call());
      expect(error).toBeInstanceOf(NotFoundError);
      expect({ message: error.message, code: error.code }).toEqual({ message, code: "NOT_FOUND" });
    }
  });

  it("a reference to nothing is INVALID_INPUT naming the field", async () => {
    const { f, domain } = await fixture();
    const ws = await f.services.workstreams.create({ title: "Here", domain }, f.origin);
    const note = await caught(
      f.services.progress.record({ entityType: "task", entityId: ws.id, message: "m" }, f.origin),
    );
    expect({ message: note.message, code: note.code }).toEqual({
      message: `entityId: no task with id ${ws.id}`,
      code: "INVALID_INPUT",
    });
    const task = await caught(
      f.services.tasks.create({ workstreamId: UNKNOWN_ID, title: "Orphan" }, f.origin),
    );
    expect(task.message).toBe(`workstreamId: unknown workstream ${UNKNOWN_ID}`);
  });

  it("an update naming only the status it already has writes nothing", async () => {
    const { f, domain } = await fixture();
    const ws = await f.services.workstreams.create({ title: "W", domain, status: "active" }, f.origin);
    const task = await f.services.tasks.create({ workstreamId: ws.id, title: "T" }, f.origin);
    f.clock.advanceDays(1);
    expect(await f.services.tasks.update({ id: task.id, status: "todo" }, f.origin)).toEqual(task);
    expect(await f.services.tasks.get(task.id)).toEqual(task);
    expect(await f.services.workstreams.update({ id: ws.id, status: "active" }, f.origin)).toEqual(ws);
    expect(await f.services.workstreams.get({ id: ws.id })).toEqual(ws);
  });

  it("a taken key is a CONFLICT that names it", async () => {
    const { f, domain } = await fixture();
    const key = unique("WS");
    const ws = await f.services.workstreams.create({ key, title: "First", domain }, f.origin);
    const taken = await caught(f.services.workstreams.create({ key, title: "Second", domain }, f.origin));
    expect(taken).toBeInstanceOf(ConflictError);
    expect({ message: taken.message, code: taken.code }).toEqual({
      message: `workstream key ${key} already exists`,
      code: "CONFLICT",
    });
    await f.services.tasks.create({ workstreamId: ws.id, key: "T", title: "T" }, f.origin);
    const taskKey = await caught(
      f.services.tasks.create({ workstreamId: ws.id, key: "T", title: "T" }, f.origin),
    );
    expect(taskKey.message).toBe(`task key T already exists in workstream ${ws.id}`);
  });

  it("registering a repo again: the same details return it, other details are a CONFLICT listing them", async () => {
    const { f, domain } = await fixture();
    const other = unique("err2");
    await f.services.domains.upsert({ slug: other, name: "Other" });
    const name = unique("org/repo");
    const repo = await f.services.repos.register(
      { name, domain, url: "https://git.example.com/r", defaultBranch: "trunk" },
      f.origin,
    );
    expect(repo).toMatchObject({ name, domain, url: "https://git.example.com/r", defaultBranch: "trunk" });
    const before = (await f.outbox()).length;
    // Omitted details never differ.
    expect(await f.services.repos.register({ name, domain }, f.origin)).toEqual(repo);
    expect(
      await f.services.repos.register(
        { name, domain, url: "https://git.example.com/r", defaultBranch: "trunk" },
        f.origin,
      ),
    ).toEqual(repo);
    expect((await f.outbox()).length).toBe(before);

    const all = await caught(
      f.services.repos.register(
        { name, domain: other, url: "https://elsewhere", defaultBranch: "main" },
        f.origin,
      ),
    );
    expect(all).toBeInstanceOf(ConflictError);
    expect(all.message).toBe(
      `repo ${name} is already registered with other details: domain is "${domain}", url is "https://git.example.com/r", defaultBranch is "trunk"`,
    );
    const branchOnly = await caught(
      f.services.repos.register({ name, domain, defaultBranch: "main" }, f.origin),
    );
    expect(branchOnly.message).toBe(
      `repo ${name} is already registered with other details: defaultBranch is "trunk"`,
    );
    const urlOnly = await caught(f.services.repos.register({ name, domain, url: "https://x" }, f.origin));
    expect(urlOnly.message).toBe(
      `repo ${name} is already registered with other details: url is "https://git.example.com/r"`,
    );
    expect((await f.outbox()).length).toBe(before);

    // Registered without them: no url, branch main.
    const plain = await f.services.repos.register({ name: unique("org/plain"), domain }, f.origin);
    expect(plain).toMatchObject({ url: null, defaultBranch: "main" });
    const noUrl = await caught(
      f.services.repos.register({ name: plain.name, domain, url: "https://y" }, f.origin),
    );
    expect(noUrl.message).toBe(`repo ${plain.name} is already registered with other details: url is null`);
  });

  it("domain goals: each move is its own; only becoming active publishes; no description is null", async () => {
    const { f, domain } = await fixture();
    const goal = await f.services.domainGoals.create({ title: "Ship", domain }, f.origin);
    expect(goal).toMatchObject({ title: "Ship", domain, description: null, status: "proposed" });
    const described = await f.services.domainGoals.create(
      { title: "Described", domain, description: "why" },
      f.origin,
    );
    expect(described.description).toBe("why");

    const before = (await f.outbox()).length;
    expect((await f.services.domainGoals.activate(goal.id, f.origin)).status).toBe("active");
    const activated = (await f.outbox()).slice(before);
    expect(activated.map((row) => row.subject)).toEqual(["org.statehub.domain.goal.activated"]);
    expect(activated[0]?.envelope).toMatchObject({
      data: { goalId: goal.id, domain, title: "Ship", previousStatus: "proposed" },
    });
    expect((await f.services.domainGoals.achieve(goal.id, f.origin)).status).toBe("achieved");
    expect((await f.services.domainGoals.abandon(described.id, f.origin)).status).toBe("abandoned");
    expect((await f.outbox()).length).toBe(before + 1);
    expect(await f.services.domainGoals.get(goal.id)).toMatchObject({ status: "achieved" });
  });

  it("domains.upsert: an omitted description is kept, a given one replaces it", async () => {
    const { f } = await fixture();
    const slug = unique("dom");
    const created = await f.services.domains.upsert({ slug, name: "One" });
    expect(created).toMatchObject({ slug, name: "One", description: null });
    const described = await f.services.domains.upsert({ slug, name: "One", description: "first" });
    expect(described).toMatchObject({ id: created.id, description: "first" });
    const renamed = await f.services.domains.upsert({ slug, name: "Two" });
    expect(renamed).toMatchObject({ id: created.id, name: "Two", description: "first" });
    const redescribed = await f.services.domains.upsert({ slug, name: "Two", description: "second" });
    expect(redescribed.description).toBe("second");
  });

  it("a workstream's source is null until it is synced from a file", async () => {
    const { f, domain } = await fixture();
    const repo = (await f.services.repos.register({ name: unique("org/src"), domain }, f.origin)).name;
    const ws = await f.services.workstreams.create({ title: "By hand", domain, repo }, f.origin);
    expect(ws.source).toBeNull();
    expect((await f.services.workstreams.get({ id: ws.id })).source).toBeNull();
  });
});
