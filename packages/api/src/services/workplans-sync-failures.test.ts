import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseTargets, type TestDatabase } from "../testing/databases.js";
import { serviceFixture, unique } from "../testing/services.js";
import type { SyncWorkplanFile } from "./workplans/types.js";

// workplans.sync when the database itself fails in the middle of a file: a failure that is not
// the file's (not a conflict, an invalid input or a missing entity) fails the whole sync, real
// or dry, instead of being reported as that file's error. The failure is staged by a trigger
// that refuses one task title; a unique violation it raises is the one failure a sync answers
// per file (two syncs creating the same key at once), so the trigger can raise that too.

/** The messages of a rejection and its causes (drizzle wraps the driver's error), or "resolved". */
async function failureOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error === undefined) return "resolved";
  const messages: string[] = [];
  for (let current: unknown = error; current instanceof Error; current = current.cause)
    messages.push(current.message);
  return messages.join(" <- ");
}

const hash = (n: number) => n.toString(16).padStart(64, "0");
const EXPLODES = "Explodes in the database";
const DUPLICATES = "Collides in the database";

describe.each(databaseTargets())("workplans.sync when the database fails on $name", ({ open }) => {
  let testDb: TestDatabase;
  let domain: string;

  beforeAll(async () => {
    testDb = await open();
    const setup = serviceFixture(testDb.database);
    domain = unique("fail");
    await setup.services.domains.upsert({ slug: domain, name: "Failures" });
    await setup.services.repos.register({ name: "org/failing", domain }, setup.origin);
    await testDb.database.db.execute(
      sql.raw(`CREATE FUNCTION refuse_task() RETURNS trigger AS $$ BEGIN
         IF NEW.title = '${EXPLODES}' THEN RAISE EXCEPTION 'staged failure for task %', NEW.key; END IF;
         IF NEW.title = '${DUPLICATES}' THEN
           RAISE EXCEPTION 'staged duplicate of task %', NEW.key USING ERRCODE = 'unique_violation';
         END IF;
         RETURN NEW; END; $$ LANGUAGE plpgsql`),
    );
    await testDb.database.db.execute(
      sql.raw(
        "CREATE TRIGGER refuse_task BEFORE INSERT OR UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION refuse_task()",
      ),
    );
  });
  afterAll(() => testDb.cleanup());

  const file = (key: string, taskTitle: string, contentHash = hash(1)): SyncWorkplanFile => ({
    source: { repo: "org/failing", path: `workplans/${key}.md`, commit: "c0ffee", contentHash },
    workplan: { key, title: `Plan ${key}`, domain, tasks: [{ key: "T1", title: taskTitle }] },
  });
  // Built in each test, not in beforeAll: Stryker switches a mutant on before each test, so
  // the services must be created after that to carry it.
  const fixture = () => {
    const f = serviceFixture(testDb.database);
    const sync = (files: SyncWorkplanFile[], extra: { dryRun?: boolean } = {}) =>
      f.services.workplans.sync({ files, ...extra }, f.origin);
    return { f, sync };
  };

  it("a database failure while a new file is applied fails the sync and writes nothing of that file", async () => {
    const { f, sync } = fixture();
    const key = unique("WP");
    const before = (await f.outbox()).length;
    expect(await failureOf(sync([file(key, EXPLODES)]))).toContain("staged failure for task T1");
    await expect(f.services.workstreams.get({ key })).rejects.toThrow();
    expect((await f.outbox()).length).toBe(before);
  });

  it("a database failure while a known file is updated fails the sync and leaves the workstream as it was", async () => {
    const { f, sync } = fixture();
    const key = unique("WP");
    await sync([file(key, "Fine")]);
    const ws = await f.services.workstreams.get({ key });
    expect(await failureOf(sync([file(key, EXPLODES, hash(2))]))).toContain("staged failure for task T1");
    expect(await f.services.workstreams.get({ key })).toEqual(ws);
  });

  it("a dry run fails with the database's error too, not with an empty report", async () => {
    const { f, sync } = fixture();
    const key = unique("WP");
    expect(await failureOf(sync([file(key, EXPLODES)], { dryRun: true }))).toContain(
      "staged failure for task T1",
    );
    await expect(f.services.workstreams.get({ key })).rejects.toThrow();
  });

  it("a dry run records the events a sync would: an outbox failure fails it as it fails the sync", async () => {
    const { sync } = fixture();
    const key = unique("WP");
    await testDb.database.db.execute(
      sql.raw(`CREATE FUNCTION refuse_event() RETURNS trigger AS $$ BEGIN
         IF NEW.envelope->'data'->>'key' = '${key}' THEN RAISE EXCEPTION 'staged outbox failure'; END IF;
         RETURN NEW; END; $$ LANGUAGE plpgsql`),
    );
    await testDb.database.db.execute(
      sql.raw(
        "CREATE TRIGGER refuse_event BEFORE INSERT ON event_outbox FOR EACH ROW EXECUTE FUNCTION refuse_event()",
      ),
    );
    try {
      const completed = file(key, "Fine");
      completed.workplan.status = "completed";
      expect(await failureOf(sync([completed], { dryRun: true }))).toContain("staged outbox failure");
      expect(await failureOf(sync([completed]))).toContain("staged outbox failure");
    } finally {
      await testDb.database.db.execute(sql.raw("DROP TRIGGER refuse_event ON event_outbox"));
      await testDb.database.db.execute(sql.raw("DROP FUNCTION refuse_event()"));
    }
  });

  it("a unique violation is that file's error (sync again); the other files apply", async () => {
    const { f, sync } = fixture();
    const [collides, fine] = [unique("WP"), unique("WP")];
    const report = await sync([file(collides, DUPLICATES), file(fine, "Fine")]);
    expect(report.files[0]).toEqual({
      path: `workplans/${collides}.md`,
      key: collides,
      outcome: "error",
      message: "a concurrent change created the same key: sync again",
      workstreamId: null,
      repoRegistered: false,
      tasks: { created: 0, updated: 0, unchanged: 0, dropped: 0, cancelled: 0 },
      taskIds: [],
      events: [],
    });
    expect(report.files[1]).toMatchObject({ key: fine, outcome: "created" });
    await expect(f.services.workstreams.get({ key: collides })).rejects.toThrow();
    expect((await f.services.workstreams.get({ key: fine })).title).toBe(`Plan ${fine}`);
  });
});
