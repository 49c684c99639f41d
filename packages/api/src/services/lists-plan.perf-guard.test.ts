// A page of any list of the API reads about a page of rows, whatever its filters and however the
// tables grew after the lists' prepared statements were first planned: Postgres may keep a
// generic plan chosen while the tables were small, and a filter without an index to walk in id
// order makes every page a scan (see tasks-list-plan.perf-guard.test.ts, the same guard for
// tasks.list). Each list's filter combinations run ten times on a few rows, then once after
// every table grew by thousands of rows, without an ANALYZE, elsewhere: other domains, other
// states, other entities, none selected by the filters and all sorting before the rows that
// are. The dashboard's filtered counts (all but one) and its blocked list are held to the same
// bound. Counted in rows read of every table a query touches (the database's statistics), not
// in time.
import { tasks } from "@statehub/db";
import type { DecisionStatus, GoalStatus, TaskStatus, WorkstreamStatus } from "@statehub/events";
import { inArray, type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { singleConnectionTargets, type TestDatabase } from "../testing/databases.js";
import { rowsRead } from "../testing/rows-read.js";
import { type ServiceFixture, serviceFixture, unique } from "../testing/services.js";
import { encodeIdCursor } from "./paging.js";

const GROWN_TO = 3_000;
const PAGE = 3;
const FEW = 8;

const GROWN_TABLES = [
  "domains",
  "repos",
  "workstreams",
  "decisions",
  "domain_goals",
  "progress_notes",
  "tasks",
];

/** Ids that sort before every UUIDv7 the hub mints: a walk in id order meets these rows first. */
const grownId = sql.raw(`('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid`);

type Shapes = Record<string, () => Promise<{ items: unknown[] }>>;

describe.each(singleConnectionTargets())(
  "a page of each list after the tables have grown, on $name",
  ({ name, open }) => {
    let testDb: TestDatabase;
    let f: ServiceFixture;
    // The rows the filters select, made through the services: the watched domain's, the rare states.
    let watchedDomain = "";
    let watchedRepo = "";
    let watchedWorkstream = "";
    // Where the grown rows go, so that no filter selects them.
    let crowdedDomainId = "";
    let crowdedRepoId = "";
    let crowdedWorkstreamId = "";
    const cursorAfter: Record<string, string> = {};

    const lists: Record<string, { tables: string[]; shapes: Shapes }> = {
      "domains.list": {
        tables: ["domains"],
        shapes: {
          "the first page": () => f.services.domains.list({ limit: PAGE }),
          "a page after a cursor": () =>
            f.services.domains.list({ cursor: cursorAfter.domains, limit: PAGE }),
        },
      },
      "repos.list": {
        tables: ["repos", "domains"],
        shapes: {
          "the first page": () => f.services.repos.list({ limit: PAGE }),
          "a domain's": () => f.services.repos.list({ domain: watchedDomain, limit: PAGE }),
          "a domain's, after a cursor": () =>
            f.services.repos.list({ domain: watchedDomain, cursor: cursorAfter.repos, limit: PAGE }),
        },
      },
      "workstreams.list": {
        tables: ["workstreams", "domains", "repos", "workstream_sources"],
        shapes: {
          "a domain's": () => f.services.workstreams.list({ domain: watchedDomain, limit: PAGE }),
          "a domain's, after a cursor": () =>
            f.services.workstreams.list({
              domain: watchedDomain,
              cursor: cursorAfter.workstreams,
              limit: PAGE,
            }),
          "a repo's": () => f.services.workstreams.list({ repo: watchedRepo, limit: PAGE }),
          "a status's": () => f.services.workstreams.list({ status: "blocked", limit: PAGE }),
          "a domain's in one status": () =>
            f.services.workstreams.list({ domain: watchedDomain, status: "blocked", limit: PAGE }),
          "a repo's in one status": () =>
            f.services.workstreams.list({ repo: watchedRepo, status: "blocked", limit: PAGE }),
          "a domain's and repo's": () =>
            f.services.workstreams.list({ domain: watchedDomain, repo: watchedRepo, limit: PAGE }),
          "a domain's and repo's in one status": () =>
            f.services.workstreams.list({
              domain: watchedDomain,
              repo: watchedRepo,
              status: "blocked",
              limit: PAGE,
            }),
        },
      },
      "decisions.list": {
        tables: ["decisions", "domains"],
        shapes: {
          "a status's": () => f.services.decisions.list({ status: "open", limit: PAGE }),
          "a status's, after a cursor": () =>
            f.services.decisions.list({ status: "open", cursor: cursorAfter.decisions, limit: PAGE }),
          "a domain's": () => f.services.decisions.list({ domain: watchedDomain, limit: PAGE }),
          "a domain's in one status": () =>
            f.services.decisions.list({ domain: watchedDomain, status: "open", limit: PAGE }),
        },
      },
      "domainGoals.list": {
        tables: ["domain_goals", "domains"],
        shapes: {
          "a domain's": () => f.services.domainGoals.list({ domain: watchedDomain, limit: PAGE }),
          "a domain's, after a cursor": () =>
            f.services.domainGoals.list({
              domain: watchedDomain,
              cursor: cursorAfter.domain_goals,
              limit: PAGE,
            }),
          "a status's": () => f.services.domainGoals.list({ status: "active", limit: PAGE }),
          "a domain's in one status": () =>
            f.services.domainGoals.list({ domain: watchedDomain, status: "active", limit: PAGE }),
        },
      },
      "progress.list": {
        tables: ["progress_notes"],
        shapes: {
          "an entity type's": () => f.services.progress.list({ entityType: "workstream", limit: PAGE }),
          "an entity's": () => f.services.progress.list({ entityId: watchedWorkstream, limit: PAGE }),
          "an entity's, after a cursor": () =>
            f.services.progress.list({
              entityId: watchedWorkstream,
              cursor: cursorAfter.progress_notes,
              limit: PAGE,
            }),
          "an entity's, with its type": () =>
            f.services.progress.list({ entityType: "workstream", entityId: watchedWorkstream, limit: PAGE }),
        },
      },
    };

    // The overview also counts every workstream by domain and status: one pass over the table
    // that no index saves (the counts are the whole hub's), allowed for on top of the bound.
    const everyWorkstream = () => GROWN_TO + FEW + 1;
    const overview = async () => {
      const page = await f.services.dashboard.overview({ blockedLimit: PAGE });
      expect(page.blocked.longestFirst).toHaveLength(PAGE);
      expect([page.staleTasks, page.openDecisions]).toEqual([FEW, FEW]);
    };
    const dashboard: Record<
      string,
      { tables: string[]; inherent?: () => number; run: () => Promise<unknown> }
    > = {
      // Its count of stale tasks is measured apart (the last test): with no statistics on
      // stale_flagged_at the planner takes nearly every task for flagged and counts them with a
      // scan of the table, whatever index there is. Statistics come with autovacuum on Postgres
      // and with the embedded vacuum job (apps/server/src/jobs/embedded-vacuum.ts) on PGlite.
      "the overview's open decisions": { tables: ["decisions"], run: overview },
      "the overview's blocked workstreams": {
        tables: ["workstreams"],
        inherent: everyWorkstream,
        run: overview,
      },
      "a domain's counts": {
        tables: ["workstreams"],
        run: async () =>
          expect((await f.services.dashboard.domain(watchedDomain)).workstreams.blocked).toBe(FEW),
      },
      "a workstream's counts": {
        tables: ["tasks"],
        run: async () =>
          expect((await f.services.dashboard.workstream(watchedWorkstream)).tasks.blocked).toBe(FEW),
      },
    };

    async function seedWatched(): Promise<void> {
      watchedDomain = unique("watched");
      const crowdedDomain = unique("crowded");
      await f.services.domains.upsert({ slug: watchedDomain, name: watchedDomain });
      crowdedDomainId = (await f.services.domains.upsert({ slug: crowdedDomain, name: crowdedDomain })).id;
      for (let i = 0; i < FEW; i += 1)
        await f.services.domains.upsert({ slug: unique("listed"), name: `${i}` });

      const repoIds: string[] = [];
      for (let i = 0; i < FEW; i += 1) {
        const repo = await f.services.repos.register(
          { name: unique("watched/repo"), domain: watchedDomain },
          f.origin,
        );
        repoIds.push(repo.id);
        if (i === 0) watchedRepo = repo.name;
      }
      crowdedRepoId = (
        await f.services.repos.register({ name: unique("crowded/repo"), domain: crowdedDomain }, f.origin)
      ).id;

      const workstreamIds: string[] = [];
      for (let i = 0; i < FEW; i += 1) {
        const input = {
          title: `watched ${i}`,
          domain: watchedDomain,
          repo: watchedRepo,
          status: "blocked" as const,
        };
        workstreamIds.push((await f.services.workstreams.create(input, f.origin)).id);
      }
      watchedWorkstream = workstreamIds[0] ?? "";
      crowdedWorkstreamId = (
        await f.services.workstreams.create({ title: "crowded", domain: crowdedDomain }, f.origin)
      ).id;

      const taskIds: string[] = [];
      for (let i = 0; i < FEW; i += 1) {
        taskIds.push(
          (await f.services.tasks.create({ workstreamId: watchedWorkstream, title: `${i}` }, f.origin)).id,
        );
      }
      await testDb.database.db
        .update(tasks)
        .set({ status: "blocked" satisfies TaskStatus, staleFlaggedAt: new Date() })
        .where(inArray(tasks.id, taskIds));

      const decisionIds: string[] = [];
      for (let i = 0; i < FEW; i += 1) {
        decisionIds.push(
          (await f.services.decisions.create({ title: `${i}`, domain: watchedDomain }, f.origin)).id,
        );
      }

      const goalIds: string[] = [];
      for (let i = 0; i < FEW; i += 1) {
        const goal = await f.services.domainGoals.create({ domain: watchedDomain, title: `${i}` }, f.origin);
        goalIds.push((await f.services.domainGoals.activate(goal.id, f.origin)).id);
      }

      const noteIds: string[] = [];
      for (let i = 0; i < FEW; i += 1) {
        const input = { entityType: "workstream" as const, entityId: watchedWorkstream, message: `${i}` };
        noteIds.push((await f.services.progress.record(input, f.origin)).id);
      }

      const domainIds = (await f.services.domains.list({ limit: FEW })).items.map((domain) => domain.id);
      for (const [table, ids] of Object.entries({
        domains: domainIds,
        repos: repoIds,
        workstreams: workstreamIds,
        decisions: decisionIds,
        domain_goals: goalIds,
        progress_notes: noteIds,
      })) {
        cursorAfter[table] = encodeIdCursor(ids[0] ?? "");
      }
    }

    /** Thousands of rows in every table, none of them selected by a filter, written straight to the tables. */
    async function growElsewhere(count: number): Promise<void> {
      const grow = (insert: SQL) =>
        testDb.database.db.execute(sql`${insert} from generate_series(1, ${count}) as n`);
      await grow(sql`insert into domains (id, slug, name) select ${grownId}, 'grown-' || n, 'grown ' || n`);
      await grow(sql`
      insert into repos (id, name, domain_id) select ${grownId}, 'grown/repo-' || n, ${crowdedDomainId}::uuid`);
      const otherWorkstreamStatuses = [
        "planned",
        "active",
        "completed",
        "cancelled",
      ] satisfies WorkstreamStatus[];
      await grow(sql`
      insert into workstreams (id, key, title, domain_id, repo_id, status)
      select ${grownId}, 'GROWN-' || n, 'workstream ' || n, ${crowdedDomainId}::uuid,
             case when n % 2 = 0 then ${crowdedRepoId}::uuid end,
             (${sql.raw(`array['${otherWorkstreamStatuses.join("','")}']`)})[1 + n % 4]::workstream_status`);
      await grow(sql`
      insert into decisions (id, title, domain_id, status)
      select ${grownId}, 'decision ' || n, case when n % 2 = 0 then ${crowdedDomainId}::uuid end,
             ${"resolved" satisfies DecisionStatus}::decision_status`);
      const otherGoalStatuses = ["proposed", "achieved", "abandoned"] satisfies GoalStatus[];
      await grow(sql`
      insert into domain_goals (id, domain_id, title, status)
      select ${grownId}, ${crowdedDomainId}::uuid, 'goal ' || n,
             (${sql.raw(`array['${otherGoalStatuses.join("','")}']`)})[1 + n % 3]::goal_status`);
      await grow(sql`
      insert into progress_notes (id, entity_type, entity_id, message)
      select ${grownId}, (array['task', 'repo', 'decision'])[1 + n % 3]::progress_entity_type, gen_random_uuid(),
             'note ' || n`);
      await grow(sql`
      insert into tasks (id, workstream_id, key, title, status)
      select ${grownId}, ${crowdedWorkstreamId}::uuid, 'T-' || n, 'task ' || n,
             (array['todo', 'in_progress', 'done'])[1 + n % 3]::task_status`);
    }

    async function rowsReadOf(tables: string[]): Promise<number> {
      let read = 0;
      for (const table of tables) read += await rowsRead(testDb.database, table);
      return read;
    }

    async function rowsReadBy(tables: string[], run: () => Promise<unknown>): Promise<number> {
      const before = await rowsReadOf(tables);
      await run();
      return (await rowsReadOf(tables)) - before;
    }

    beforeAll(async () => {
      testDb = await open();
      if (name === "postgres") {
        for (const table of GROWN_TABLES) {
          await testDb.database.db.execute(
            sql`alter table ${sql.identifier(table)} set (autovacuum_enabled = false)`,
          );
        }
      }
      f = serviceFixture(testDb.database);
      await seedWatched();
      for (const { shapes } of Object.values(lists)) {
        for (const shape of Object.values(shapes)) {
          for (let i = 0; i < 10; i += 1) expect((await shape()).items).toHaveLength(PAGE);
        }
      }
      for (const { run } of Object.values(dashboard)) {
        for (let i = 0; i < 10; i += 1) await run();
      }
      await growElsewhere(GROWN_TO);
    }, 120_000);
    afterAll(() => testDb?.cleanup());

    // A page's rows through an index, a few more where a filter is checked row by row among the
    // watched rows: tens; a scan of a grown table: thousands.
    const BOUND = 10 * FEW;

    it.each(Object.keys(lists))(
      "%s reads about a page of rows for each filter, not the whole table",
      async (list) => {
        const { tables, shapes } = lists[list] ?? { tables: [], shapes: {} };
        const read: Record<string, number> = {};
        for (const [label, shape] of Object.entries(shapes)) {
          read[label] = await rowsReadBy(tables, async () =>
            expect((await shape()).items).toHaveLength(PAGE),
          );
        }
        expect(Object.entries(read).filter(([, rows]) => rows > BOUND)).toEqual([]);
      },
    );

    it("the dashboard's filtered counts and blocked list read the rows they count, not the whole table", async () => {
      const read: Record<string, number> = {};
      for (const [label, { tables, inherent, run }] of Object.entries(dashboard)) {
        read[label] = (await rowsReadBy(tables, run)) - (inherent?.() ?? 0);
      }
      expect(Object.entries(read).filter(([, rows]) => rows > BOUND)).toEqual([]);
    });

    it("the overview's count of stale tasks reads the flagged tasks once the table has statistics", async () => {
      await testDb.database.db.execute(sql`analyze tasks`);
      const read = await rowsReadBy(["tasks"], overview);
      expect(read).toBeGreaterThanOrEqual(FEW);
      expect(read).toBeLessThanOrEqual(BOUND);
    });
  },
);
