// A batch's marks read the rows they mark, however large the outbox has grown. The hub sends
// every statement as a named prepared statement, and Postgres settles on a generic plan for one
// after five executions. Planned while the outbox was small (a fresh hub's first batches), the
// mark's join with the acknowledged ids was a hash join over a scan of the whole table; that
// plan then stayed for the connection's life, or until something invalidated it, while the
// table grew: the relay's Postgres time per batch grew with every event published (1.3 ms →
// 4.7 ms per batch of 11 after 9,000 events, and bench:api repos.register spent 0.5 ms of
// Postgres CPU per request on the relay). The claim's transaction asks for plans made for each
// execution instead (claim.ts).
// Counted in rows read (the database's own statistics), not in time.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { singleConnectionTargets, type TestDatabase } from "../testing/databases.js";
import { outboxRowsRead } from "../testing/outbox.js";
import { withClaimedBatch } from "./claim.js";
import { markPublished } from "./mark.js";

const GROWN_TO = 3_000;
const BATCH = 2;

describe.each(singleConnectionTargets())(
  "marking a batch after the outbox has grown, on $name",
  ({ name, open }) => {
    let testDb: TestDatabase;
    let sequence = 0;
    beforeAll(async () => {
      testDb = await open();
      // Nothing may refresh the statistics or invalidate the plans behind the test's back.
      if (name === "postgres") {
        await testDb.database.db.execute(sql`alter table event_outbox set (autovacuum_enabled = false)`);
      }
    }, 60_000);
    afterAll(() => testDb?.cleanup());

    async function insertEvents(count: number): Promise<void> {
      await testDb.database.db.execute(sql`
      insert into event_outbox (id, subject, envelope)
      select gen_random_uuid(), 'org.statehub.repo.registered',
             jsonb_build_object('subject', 'repo/' || n, 'data', repeat('x', 400))
      from generate_series(1, ${count}) as n`);
    }

    async function claimAndMark(): Promise<number> {
      return withClaimedBatch(testDb.database, { limit: BATCH, now: new Date() }, async (batch, tx) => {
        const acked = batch.rows.map((row) => ({ id: row.id, streamSequence: ++sequence }));
        await markPublished(tx, acked, new Date());
        return acked.length;
      });
    }

    const rowsRead = () => outboxRowsRead(testDb.database);

    it("reads about the rows of one batch, not the whole table", async () => {
      // Batches while the outbox is small: enough executions for generic plans to be chosen.
      await insertEvents(10 * BATCH);
      for (let i = 0; i < 10; i += 1) expect(await claimAndMark()).toBe(BATCH);
      await insertEvents(GROWN_TO);

      const before = await rowsRead();
      expect(await claimAndMark()).toBe(BATCH);
      const read = (await rowsRead()) - before;
      // The claim's and the mark's index reads: a few per row; a scan of the table: thousands.
      expect(read).toBeGreaterThanOrEqual(BATCH);
      expect(read).toBeLessThan(20 * BATCH);
    });
  },
);
