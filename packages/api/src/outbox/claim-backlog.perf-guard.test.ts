// A claim reads one batch of rows, however long the backlog behind it: it walks the
// unpublished-rows index in position order and stops. Right after a burst of writes (a fresh
// hub's first load, NATS back after an outage) the table's statistics still describe an almost
// empty outbox, and without a guard the planner then reads every unpublished row, renders each
// envelope and sorts them all — per batch, so draining a backlog of n rows cost O(n²). PGlite has
// no autovacuum: its statistics never catch up at all.
// Counted in rows read (the database's own statistics), not in time.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { singleConnectionTargets, type TestDatabase } from "../testing/databases.js";
import { outboxRowsRead } from "../testing/outbox.js";
import { withClaimedBatch } from "./claim.js";
import { rowsOf } from "./rows.js";

const BACKLOG = 3_000;
const BATCH = 256;

describe.each(singleConnectionTargets())(
  "claiming from a backlog the statistics do not know of, on $name",
  ({ open }) => {
    let testDb: TestDatabase;
    beforeAll(async () => {
      testDb = await open();
      await testDb.database.db.execute(sql`
      insert into event_outbox (id, subject, envelope)
      select gen_random_uuid(), 'org.statehub.repo.registered',
             jsonb_build_object('subject', 'repo/' || n, 'data', repeat('x', 400))
      from generate_series(1, ${BACKLOG}) as n`);
    }, 60_000);
    afterAll(() => testDb?.cleanup());

    const rowsRead = () => outboxRowsRead(testDb.database);

    it("reads about one batch of rows, not the whole backlog", async () => {
      const analyzed = rowsOf<{ n: string }>(
        await testDb.database.db.execute(
          sql`select count(*) as n from pg_stat_user_tables where relname = 'event_outbox' and (last_analyze is not null or last_autoanalyze is not null)`,
        ),
      );
      // The premise: nothing has analyzed the table yet (a test of the guard, not of the planner).
      expect(Number(analyzed[0]?.n)).toBe(0);

      const before = await rowsRead();
      const claimed = await withClaimedBatch(
        testDb.database,
        { limit: BATCH, now: new Date() },
        async (batch) => batch.rows.map((row) => row.position),
      );
      const read = (await rowsRead()) - before;
      expect(claimed).toHaveLength(BATCH);
      expect(claimed).toEqual([...claimed].sort((a, b) => a - b));
      expect(read).toBeGreaterThanOrEqual(BATCH);
      expect(read).toBeLessThan(2 * BATCH);
    });
  },
);
