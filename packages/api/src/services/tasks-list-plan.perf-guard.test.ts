// A page of tasks.list reads about a page of rows, whatever the filters and however the table
// grew after its prepared statements (tasks-list-query.ts) were first planned: Postgres may keep
// a generic plan chosen on a small table (see outbox/mark-plan.perf-guard.test.ts). Each filter
// combination runs ten times on a few tasks, then once after thousands more were added, without
// an ANALYZE, to other workstreams, in other states, none stale. Counted in rows read (the
// database's own statistics), not in time.
import { tasks } from "@statehub/db";
import type { TaskStatus } from "@statehub/events";
import { inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ListTasksInput } from "../schemas/tasks.js";
import { singleConnectionTargets, type TestDatabase } from "../testing/databases.js";
import { rowsRead } from "../testing/rows-read.js";
import { type ServiceFixture, serviceFixture, unique } from "../testing/services.js";

const GROWN_TO = 3_000;
const PAGE = 3;
const FEW = 8;

describe.each(singleConnectionTargets())(
  "a page of tasks.list after the tasks table has grown, on $name",
  ({ name, open }) => {
    let testDb: TestDatabase;
    let f: ServiceFixture;
    let watched = "";
    let crowded = "";
    let cursor = "";

    beforeAll(async () => {
      testDb = await open();
      if (name === "postgres") {
        await testDb.database.db.execute(sql`alter table tasks set (autovacuum_enabled = false)`);
      }
      f = serviceFixture(testDb.database);
      const domain = unique("plan");
      await f.services.domains.upsert({ slug: domain, name: "Plan" });
      watched = (await f.services.workstreams.create({ title: "watched", domain }, f.origin)).id;
      crowded = (await f.services.workstreams.create({ title: "crowded", domain }, f.origin)).id;
      // The watched workstream's tasks: blocked and stale, the filters' rare values.
      for (let i = 0; i < FEW; i += 1) {
        await f.services.tasks.create({ workstreamId: watched, title: `watched ${i}` }, f.origin);
      }
      const ids = (await f.services.tasks.list({ workstreamId: watched })).items.map((task) => task.id);
      await testDb.database.db
        .update(tasks)
        .set({ status: "blocked" satisfies TaskStatus, staleFlaggedAt: new Date() })
        .where(inArray(tasks.id, ids));
      cursor = ids[0] ?? "";
    }, 60_000);
    afterAll(() => testDb?.cleanup());

    /**
     * Many tasks elsewhere, none of them blocked or stale, written straight to the table. Their ids
     * sort before the watched tasks': a walk in id order meets all of them first.
     */
    async function growElsewhere(count: number): Promise<void> {
      await testDb.database.db.execute(sql`
      insert into tasks (id, workstream_id, key, title, status)
      select ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, ${crowded}::uuid, 'T-' || n, 'task ' || n,
             (array['todo', 'in_progress', 'done'])[1 + n % 3]::task_status
      from generate_series(1, ${count}) as n`);
    }

    const shapes: Record<string, () => ListTasksInput> = {
      "a workstream's": () => ({ workstreamId: watched, limit: PAGE }),
      "a workstream's, after a cursor": () => ({ workstreamId: watched, after: cursor, limit: PAGE }),
      "a status's": () => ({ status: "blocked", limit: PAGE }),
      "a workstream's in one status": () => ({ workstreamId: watched, status: "blocked", limit: PAGE }),
      "the stale ones": () => ({ staleOnly: true, limit: PAGE }),
      "a workstream's stale ones": () => ({ workstreamId: watched, staleOnly: true, limit: PAGE }),
    };

    it("reads about a page of rows for each filter, not the whole table", async () => {
      for (const shape of Object.values(shapes)) {
        for (let i = 0; i < 10; i += 1)
          expect((await f.services.tasks.list(shape())).items).toHaveLength(PAGE);
      }
      await growElsewhere(GROWN_TO);
      const read: Record<string, number> = {};
      for (const [label, shape] of Object.entries(shapes)) {
        const before = await rowsRead(testDb.database, "tasks");
        expect((await f.services.tasks.list(shape())).items).toHaveLength(PAGE);
        read[label] = (await rowsRead(testDb.database, "tasks")) - before;
      }
      // A page's rows through an index, a few more where a filter is checked row by row within
      // the watched workstream: tens; a scan of the table: thousands.
      expect(Object.entries(read).filter(([, rows]) => rows > 10 * FEW)).toEqual([]);
    });
  },
);
