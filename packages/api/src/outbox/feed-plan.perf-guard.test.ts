// A page of the event feed reads about a page of rows, however the outbox grew after the
// feed's statements were first planned. The hub sends each statement as a named prepared
// statement; Postgres may settle on a generic plan after five executions, and a plan chosen
// while the table was small can stay while it grows (what happened to the relay's mark:
// mark-plan.perf-guard.test.ts). Each of the feed's shapes (first page, resumed, filtered by
// subject or entity, newest first) is run ten times on a small outbox, then once after it grew
// without an ANALYZE. Counted in rows read (the database's own statistics), not in time.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../clock.js";
import type { ListEventsInput } from "../schemas/events.js";
import { singleConnectionTargets, type TestDatabase } from "../testing/databases.js";
import { outboxRowsRead } from "../testing/outbox.js";
import { createEventLogService } from "./event-log.js";

const GROWN_TO = 3_000;
const PAGE = 5;
const SUBJECT = "org.statehub.repo.registered";

describe.each(singleConnectionTargets())(
  "a page of the event feed after the outbox has grown, on $name",
  ({ name, open }) => {
    let testDb: TestDatabase;
    let feed: ReturnType<typeof createEventLogService>;
    let entity = "";
    let cursor = "";

    /** Events in separate transactions, half of them about one entity (the filter's case). */
    async function insertEvents(count: number): Promise<void> {
      await testDb.database.db.execute(sql`
      insert into event_outbox (id, subject, envelope)
      select gen_random_uuid(),
             case when n % 2 = 0 then ${SUBJECT} else 'org.statehub.task.stale' end,
             jsonb_build_object('subject', case when n % 7 = 0 then ${entity} else 'entity-' || n end,
                                'data', repeat('x', 400))
      from generate_series(1, ${count}) as n`);
    }

    beforeAll(async () => {
      testDb = await open();
      // Nothing may refresh the statistics or invalidate the plans behind the test's back.
      if (name === "postgres") {
        await testDb.database.db.execute(sql`alter table event_outbox set (autovacuum_enabled = false)`);
      }
      feed = createEventLogService({ db: testDb.database.db, clock: new ManualClock(new Date()) });
      entity = "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d12";
      await insertEvents(40);
      const first = await feed.list({ limit: PAGE });
      cursor = first.items.at(-1)?.cursor ?? "";
      expect(cursor).not.toBe("");
    }, 60_000);
    afterAll(() => testDb?.cleanup());

    const shapes: Record<string, () => ListEventsInput> = {
      "the first page": () => ({ limit: PAGE }),
      "a page resumed after a cursor": () => ({ limit: PAGE, after: cursor }),
      "a page of one subject": () => ({ limit: PAGE, subject: SUBJECT }),
      "a page about one entity": () => ({ limit: PAGE, entity }),
      "the newest page": () => ({ limit: PAGE, order: "newest" }),
    };

    it("reads about a page of rows for each shape of the feed, not the whole table", async () => {
      for (const shape of Object.values(shapes)) {
        for (let i = 0; i < 10; i += 1) expect((await feed.list(shape())).items).toHaveLength(PAGE);
      }
      await insertEvents(GROWN_TO);
      const read: Record<string, number> = {};
      for (const [label, shape] of Object.entries(shapes)) {
        const before = await outboxRowsRead(testDb.database);
        expect((await feed.list(shape())).items).toHaveLength(PAGE);
        read[label] = (await outboxRowsRead(testDb.database)) - before;
      }
      // A page's rows (and the one after it) through an index: a handful; a scan: thousands.
      expect(Object.entries(read).filter(([, rows]) => rows > 20 * PAGE)).toEqual([]);
    });
  },
);
