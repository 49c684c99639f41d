import type { Database } from "@statehub/db";
import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../outbox/rows.js";
import { openTestPostgres, type TestDatabase } from "../testing/databases.js";
import { serviceFixture, unique } from "../testing/services.js";
import type { SyncWorkplanFile, SyncWorkplanTask } from "./workplans/types.js";

// workplans.sync while another writer is in the middle of its transaction (Postgres only: it takes
// a second connection). The other writer is a sync held still by a row lock this test takes on a
// second handle, or that handle's own open transaction; every step waits for the database to show
// who is waiting on a lock (pg_stat_activity), never for a time. Pinned this way: what a sync does
// not wait for (unchanged files, other workstreams, tasks and rows it leaves alone), and what a sync
// that did wait answers once the other has committed.

const hash = (n: number) => n.toString(16).padStart(64, "0");

interface Gate {
  release(): Promise<void>;
}

/** Runs `statement` (a `FOR UPDATE`) in a transaction on `db` and holds it until released. */
async function hold(db: Database["db"], statement: SQL): Promise<Gate> {
  let open: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    open = resolve;
  });
  let held: () => void = () => {};
  const locked = new Promise<void>((resolve) => {
    held = resolve;
  });
  const done = db.transaction(async (tx) => {
    await tx.execute(statement);
    held();
    await released;
  });
  await Promise.race([locked, done]);
  return {
    async release() {
      open();
      await done;
    },
  };
}

describe.skipIf(!process.env.DATABASE_URL)(
  "workplans.sync against a sync in the middle of its transaction",
  () => {
    let testDb: TestDatabase;
    let other: Database;
    let domain: string;
    const repo = "org/racing";

    beforeAll(async () => {
      testDb = await openTestPostgres();
      other = await testDb.openAnother();
      const setup = serviceFixture(testDb.database);
      domain = unique("race");
      await setup.services.domains.upsert({ slug: domain, name: "Races" });
      await setup.services.repos.register({ name: repo, domain }, setup.origin);
    });
    afterAll(() => testDb.cleanup());

    /** How many sessions of this database wait for a lock (advisory, row or any other). */
    const waitingSessions = async () =>
      rowsOf<{ n: number }>(
        await other.db.execute(
          sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        ),
      )[0]?.n ?? 0;
    /** Resolves once `n` sessions wait for a lock; false if stopped first. */
    const untilWaiting = async (n: number, stop: { stopped: boolean } = { stopped: false }) => {
      for (let tries = 0; tries < 3000; tries += 1) {
        if (stop.stopped) return false;
        if ((await waitingSessions()) >= n) return true;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`never saw ${n} sessions waiting for a lock`);
    };

    /** "answered" if `work` settles before one more session than `waiting` waits for a lock. */
    const withoutWaiting = async (work: Promise<unknown>, waiting: number) => {
      const stop = { stopped: false };
      try {
        return await Promise.race([
          work.then(() => "answered"),
          untilWaiting(waiting + 1, stop).then((waited) => (waited ? "waited for a lock" : "stopped")),
        ]);
      } finally {
        stop.stopped = true;
      }
    };

    interface FileOptions {
      repo?: string;
      domain?: string;
      commit?: string;
      contentHash?: string;
      title?: string;
      status?: SyncWorkplanFile["workplan"]["status"];
      workstreamId?: string;
      tasks?: SyncWorkplanTask[];
    }
    const file = (key: string, options: FileOptions = {}): SyncWorkplanFile => ({
      source: {
        repo: options.repo ?? repo,
        path: `workplans/${key}.md`,
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
    // Built in each test: Stryker switches a mutant on before each test, so the services must be
    // created after that to carry it.
    const fixture = () => {
      const f = serviceFixture(testDb.database);
      const sync = (files: SyncWorkplanFile[]) => f.services.workplans.sync({ files }, f.origin);
      return { f, sync };
    };

    it("files with the bytes last applied are answered without waiting for a sync that is changing their workstreams", async () => {
      const { f, sync } = fixture();
      const [a, b] = [unique("WP"), unique("WP")];
      const setup = await sync([file(a), file(b)]);
      const [idA, idB] = setup.files.map((r) => r.workstreamId ?? "");
      // a has an open task its file does not list (dropped); b is named by its id.
      await f.services.tasks.create(
        { workstreamId: idA ?? "", key: "EXTRA", title: "Added by hand" },
        f.origin,
      );
      // The changing sync takes both workstreams' locks, then waits for the rows this test holds.
      const gate = await hold(
        other.db,
        sql`select id from workstreams where id in (${idA}, ${idB}) for update`,
      );
      try {
        const changing = sync([
          file(a, { contentHash: hash(2), title: "Changed" }),
          file(b, { workstreamId: idB, contentHash: hash(2), title: "Changed" }),
        ]);
        await untilWaiting(2);
        const plain = sync([file(a)]);
        expect(await withoutWaiting(plain, 2)).toBe("answered");
        const pruned = f.services.workplans.sync(
          { files: [file(b, { workstreamId: idB })], prune: true },
          f.origin,
        );
        expect(await withoutWaiting(pruned, 2)).toBe("answered");
        await gate.release();
        const [changed, plainReport, prunedReport] = await Promise.all([changing, plain, pruned]);
        expect(plainReport.files).toEqual([
          {
            path: `workplans/${a}.md`,
            key: a,
            outcome: "unchanged",
            message: null,
            workstreamId: idA,
            repoRegistered: false,
            tasks: { created: 0, updated: 0, unchanged: 2, dropped: 1, cancelled: 0 },
            taskIds: [
              { key: "T1", id: expect.any(String) },
              { key: "T2", id: expect.any(String) },
            ],
            events: [],
          },
        ]);
        expect(prunedReport.files[0]).toMatchObject({
          key: b,
          outcome: "unchanged",
          workstreamId: idB,
          tasks: { created: 0, updated: 0, unchanged: 2, dropped: 0, cancelled: 0 },
        });
        expect(changed.files.map((r) => [r.key, r.outcome])).toEqual([
          [a, "updated"],
          [b, "updated"],
        ]);
        expect((await f.services.workstreams.get({ key: a })).title).toBe("Changed");
      } finally {
        await gate.release();
      }
    });

    it("a changed file does not wait for the tasks it leaves as they are", async () => {
      const { f, sync } = fixture();
      const key = unique("WP");
      await sync([file(key)]);
      const ws = await f.services.workstreams.get({ key });
      const ids = (await f.services.tasks.list({ workstreamId: ws.id, limit: 100 })).items.map((t) => t.id);
      // T1 is done in the file and in the hub, T2 names no status: another writer holds both rows.
      const gate = await hold(
        other.db,
        sql`select id from tasks where id in (${ids[0]}, ${ids[1]}) for update`,
      );
      try {
        const retitled = sync([file(key, { contentHash: hash(2), title: "Retitled" })]);
        expect(await withoutWaiting(retitled, 0)).toBe("answered");
        expect((await retitled).files[0]).toMatchObject({
          outcome: "updated",
          tasks: { created: 0, updated: 0, unchanged: 2, dropped: 0, cancelled: 0 },
        });
      } finally {
        await gate.release();
      }
    });

    it("a task another writer brings to the file's status while the sync waits for it counts as unchanged", async () => {
      const { f, sync } = fixture();
      const key = unique("WP");
      await sync([file(key)]);
      const ws = await f.services.workstreams.get({ key });
      const t2 = (await f.services.tasks.list({ workstreamId: ws.id, limit: 100 })).items.find(
        (t) => t.key === "T2",
      );
      // The other writer's transaction moves T2 to done and stays open: the sync reads T2 as todo.
      const gate = await hold(other.db, sql`update tasks set status = 'done' where id = ${t2?.id}`);
      try {
        const syncing = sync([
          file(key, {
            contentHash: hash(2),
            tasks: [
              { key: "T1", title: "First", status: "done" },
              { key: "T2", title: "Second", status: "done" },
            ],
          }),
        ]);
        await untilWaiting(1);
        await gate.release();
        expect((await syncing).files[0]).toMatchObject({
          outcome: "unchanged",
          tasks: { created: 0, updated: 0, unchanged: 2, dropped: 0, cancelled: 0 },
        });
      } finally {
        await gate.release();
      }
      const statuses = (await f.services.tasks.list({ workstreamId: ws.id, limit: 100 })).items
        .map((t) => `${t.key}:${t.status}`)
        .sort();
      expect(statuses).toEqual(["T1:done", "T2:done"]);
    });

    it("under prune, the bytes last applied cancel the dropped tasks without waiting for the workstream's row", async () => {
      const { f, sync } = fixture();
      const key = unique("WP");
      await sync([file(key)]);
      const ws = await f.services.workstreams.get({ key });
      await f.services.tasks.create({ workstreamId: ws.id, key: "EXTRA", title: "Added by hand" }, f.origin);
      const gate = await hold(other.db, sql`select id from workstreams where id = ${ws.id} for update`);
      try {
        const pruned = f.services.workplans.sync({ files: [file(key)], prune: true }, f.origin);
        expect(await withoutWaiting(pruned, 0)).toBe("answered");
        expect((await pruned).files[0]).toMatchObject({
          outcome: "updated",
          tasks: { created: 0, updated: 0, unchanged: 2, dropped: 1, cancelled: 1 },
        });
      } finally {
        await gate.release();
      }
      const statuses = (await f.services.tasks.list({ workstreamId: ws.id, limit: 100 })).items
        .map((t) => `${t.key}:${t.status}`)
        .sort();
      expect(statuses).toEqual(["EXTRA:cancelled", "T1:done", "T2:todo"]);
    });

    it("files of other workstreams, with or without a state_hub_workstream_id, do not wait for a sync held mid-transaction", async () => {
      const { f, sync } = fixture();
      const [heldA, heldB, freeA, freeB] = [unique("WP"), unique("WP"), unique("WP"), unique("WP")];
      const setup = await f.services.workplans.sync(
        { files: [file(heldA), file(heldB), file(freeA), file(freeB)] },
        f.origin,
      );
      const idOf = (key: string) => setup.files.find((r) => r.key === key)?.workstreamId ?? "";
      // Both held files take their workstream's locks, then wait for the rows this test holds.
      const gate = await hold(
        other.db,
        sql`select id from workstreams where id in (${idOf(heldA)}, ${idOf(heldB)}) for update`,
      );
      const held = sync([
        file(heldA, { contentHash: hash(2), title: "Held" }),
        file(heldB, { workstreamId: idOf(heldB), contentHash: hash(2), title: "Held" }),
      ]);
      await untilWaiting(2);
      const free = sync([
        file(freeA, { contentHash: hash(2), title: "Free" }),
        file(freeB, { workstreamId: idOf(freeB), contentHash: hash(2), title: "Free" }),
      ]);
      const first = await withoutWaiting(free, 2);
      await gate.release();
      const [heldReport, freeReport] = await Promise.all([held, free]);
      expect(first).toBe("answered");
      expect(freeReport.files.map((r) => [r.key, r.outcome])).toEqual([
        [freeA, "updated"],
        [freeB, "updated"],
      ]);
      expect(heldReport.files.map((r) => [r.key, r.outcome])).toEqual([
        [heldA, "updated"],
        [heldB, "updated"],
      ]);
    });

    it("a sync that waited for another's creation of the same file answers from it: tasks it does not list are dropped, not cancelled", async () => {
      const { f, sync } = fixture();
      const key = unique("WP");
      const held = unique("held");
      await f.services.domains.upsert({ slug: held, name: "Held" });
      // The creating sync takes the key's lock, then waits for the domain row (its foreign key).
      const gate = await hold(other.db, sql`select id from domains where slug = ${held} for update`);
      const creating = sync([file(key, { domain: held })]);
      await untilWaiting(1);
      const waiting = sync([
        file(key, { domain: held, commit: "other-commit", tasks: [{ key: "T1", title: "First" }] }),
      ]);
      await untilWaiting(2);
      await gate.release();
      const [created, waited] = await Promise.all([creating, waiting]);

      const ws = await f.services.workstreams.get({ key });
      const tasks = (await f.services.tasks.list({ workstreamId: ws.id, limit: 100 })).items;
      const t1 = tasks.find((t) => t.key === "T1")?.id;
      expect(created.files[0]).toMatchObject({ outcome: "created", workstreamId: ws.id });
      expect(waited.files).toEqual([
        {
          path: `workplans/${key}.md`,
          key,
          outcome: "unchanged",
          message: null,
          workstreamId: ws.id,
          repoRegistered: false,
          tasks: { created: 0, updated: 0, unchanged: 1, dropped: 1, cancelled: 0 },
          taskIds: [{ key: "T1", id: t1 }],
          events: [],
        },
      ]);
      expect(tasks.map((t) => `${t.key}:${t.status}`).sort()).toEqual(["T1:done", "T2:todo"]);
      // The bytes are the ones applied: the source stays the creating sync's.
      expect(ws.source).toMatchObject({ commit: "c0ffee", contentHash: hash(1) });
    });

    it("prune leaves an orphan that another sync completed while prune waited for it", async () => {
      const { f } = fixture();
      const scopeRepo = unique("org/orphaned");
      const [kept, gone] = [unique("K"), unique("G")];
      const setup = await f.services.workplans.sync(
        { files: [file(kept, { repo: scopeRepo }), file(gone, { repo: scopeRepo })] },
        f.origin,
      );
      const goneId = setup.files[1]?.workstreamId ?? "";
      // The completing sync takes the orphan's lock, then waits for its row.
      const gate = await hold(other.db, sql`select id from workstreams where id = ${goneId} for update`);
      const completing = f.services.workplans.sync(
        { files: [file(gone, { repo: scopeRepo, status: "completed", contentHash: hash(2) })] },
        f.origin,
      );
      await untilWaiting(1);
      const pruning = f.services.workplans.sync(
        {
          files: [],
          scope: { repo: scopeRepo, keys: [kept], workstreamIds: [], unparsedPaths: [] },
          prune: true,
        },
        f.origin,
      );
      await untilWaiting(2);
      await gate.release();
      const [completed, pruned] = await Promise.all([completing, pruning]);
      expect(completed.files[0]).toMatchObject({
        outcome: "updated",
        events: ["org.statehub.workstream.completed"],
      });
      expect(pruned.orphans).toEqual([
        {
          workstreamId: goneId,
          key: gone,
          path: `workplans/${gone}.md`,
          status: "planned",
          action: "left",
          tasksCancelled: 0,
        },
      ]);
      expect((await f.services.workstreams.get({ id: goneId })).status).toBe("completed");
      const statuses = (await f.services.tasks.list({ workstreamId: goneId, limit: 100 })).items
        .map((t) => `${t.key}:${t.status}`)
        .sort();
      expect(statuses).toEqual(["T1:done", "T2:todo"]);
    });
  },
);
