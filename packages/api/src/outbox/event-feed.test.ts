import { type Database, eventOutbox, openPostgres, tasks } from "@statehub/db";
import { uuidv7 } from "@statehub/events";
import { realPostgresAvailable } from "@statehub/testing";
import { asc, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flagStaleTasks } from "../services/stale-tasks.js";
import { openTestPglite, openTestPostgres, type TestDatabase } from "../testing/databases.js";
import { FeedReader, ScriptedTransaction, sleep } from "../testing/event-feed.js";
import { serviceFixture } from "../testing/services.js";
import { RELAY_APPLICATION_NAME } from "./row.js";
import { rowsOf } from "./rows.js";

// The feed's promise (issue 9, item 2): a reader that resumes `events.list` from its last cursor
// sees every committed event exactly once, in one stable order, however long the writers'
// transactions are and in whatever order they commit.

/** Every event in the feed, read from the start: the one stable order a poller must have seen. */
async function fullRead(database: Database): Promise<string[]> {
  const reader = new FeedReader(database);
  while ((await reader.poll(500)) > 0) {}
  return reader.seen;
}

const outboxIds = async (database: Database) =>
  (await database.db.select({ id: eventOutbox.id }).from(eventOutbox).orderBy(asc(eventOutbox.id))).map(
    (row) => row.id,
  );

const GATE_KEY = 4_242;

describe.skipIf(!realPostgresAvailable())("event feed under concurrent writers on Postgres", () => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await openTestPostgres({ pool: 8 });
  });
  afterAll(() => testDb?.cleanup());

  it("a poller sees all 410 events while 400 stale tasks are flagged in one transaction and 10 decisions resolve meanwhile", async () => {
    const { database } = testDb;
    const f = serviceFixture(database);
    await f.services.domains.upsert({ slug: "repro", name: "Repro" });
    const ws = await f.services.workstreams.create(
      { key: "REPRO-1", title: "Old work", domain: "repro" },
      f.origin,
    );
    const longAgo = new Date("2025-01-01T00:00:00.000Z");
    await database.db.insert(tasks).values(
      Array.from({ length: 400 }, (_, i) => ({
        id: uuidv7(),
        workstreamId: ws.id,
        key: `REPRO-T${i}`,
        title: `Forgotten task ${i}`,
        createdAt: longAgo,
        updatedAt: longAgo,
      })),
    );
    const decisions = [];
    for (let i = 0; i < 10; i += 1) {
      decisions.push(
        await f.services.decisions.create({ title: `Decision ${i}`, domain: "repro" }, f.origin),
      );
    }

    // Test scaffolding in this database only: the flagging transaction stops before its 201st
    // event until the test lets it go, so the interleaving is exact, not a matter of timing.
    await database.db.execute(
      sql.raw(`
      create function feed_test_gate() returns trigger language plpgsql as $$
      declare n int := coalesce(nullif(current_setting('feed_test.inserted', true), ''), '0')::int + 1;
      begin
        perform set_config('feed_test.inserted', n::text, true);
        if n = 201 then perform pg_advisory_xact_lock_shared(${GATE_KEY}); end if;
        return new;
      end $$;
      create trigger feed_test_gate before insert on event_outbox for each row
        when (new.subject = 'org.statehub.task.stale') execute function feed_test_gate();`),
    );

    const gateHandle = await testDb.openAnother();
    let openGate = () => {};
    let gateClosed = () => {};
    const closed = new Promise<void>((resolve) => {
      gateClosed = resolve;
    });
    const gate = gateHandle.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${GATE_KEY})`);
      gateClosed();
      await new Promise<void>((resolve) => {
        openGate = resolve;
      });
    });
    await closed;

    const reader = new FeedReader(await testDb.openAnother());
    let reading = true;
    const polling = (async () => {
      while (reading) {
        await reader.poll(50);
        await sleep(5);
      }
    })();

    const flagging = flagStaleTasks(f.deps, f.origin, { thresholdDays: 14, batchSize: 1_000 });
    const waitingAtGate = async () => {
      const result = await gateHandle.db.execute(
        sql`select count(*)::int as n from pg_locks
            where locktype = 'advisory' and objid = ${GATE_KEY} and not granted
              and database = (select oid from pg_database where datname = current_database())`,
      );
      return rowsOf<{ n: number }>(result)[0]?.n === 1;
    };
    const gateDeadline = Date.now() + 20_000;
    while (!(await waitingAtGate())) {
      if (Date.now() > gateDeadline) throw new Error("the flagging transaction never reached the gate");
      await sleep(5);
    }

    const writers = serviceFixture(await testDb.openAnother());
    for (const decision of decisions) {
      await writers.services.decisions.resolve({ id: decision.id, resolution: "done" }, writers.origin);
    }
    const pollsBefore = reader.polls;
    while (reader.polls < pollsBefore + 3) await sleep(5);

    openGate();
    await gate;
    const flagged = await flagging;
    expect(flagged.flagged).toHaveLength(400);

    // Everything has committed: the reader must now reach all 410 (a skipped event never comes).
    const committed = await outboxIds(database);
    expect(committed).toHaveLength(410);
    const deadline = Date.now() + 10_000;
    while (reader.seen.length < 410 && Date.now() < deadline) await sleep(10);
    const pollsAfter = reader.polls;
    while (reader.polls < pollsAfter + 3) await sleep(5);
    reading = false;
    await polling;

    expect({ seen: reader.seen.length, distinct: new Set(reader.seen).size }).toEqual({
      seen: 410,
      distinct: 410,
    });
    expect([...reader.seen].sort()).toEqual(committed);
    expect(reader.seen).toEqual(await fullRead(database));
  });
});

describe.skipIf(!realPostgresAvailable())("event feed horizon on Postgres", () => {
  let testDb: TestDatabase & { url: string };
  let other: Database;

  beforeAll(async () => {
    testDb = await openTestPostgres({ pool: 4 });
    other = await testDb.openAnother();
  });
  afterAll(() => testDb?.cleanup());

  const feed = () => fullRead(testDb.database);

  it("holds back events committed after a transaction still in flight, then lists both in transaction order", async () => {
    await testDb.database.db.delete(eventOutbox);
    const long = new ScriptedTransaction(testDb.database);
    await long.insert();
    const short = new ScriptedTransaction(other);
    await short.insert();
    await short.commit();
    expect(await feed()).toEqual([]); // short's event is committed, but behind the open long one
    await long.insert();
    await long.commit();
    expect(long.ids).toHaveLength(2);
    expect(await feed()).toEqual([...long.ids, ...short.ids]);
  });

  /** Runs a transaction on `database` that takes a transaction id and stays open until released. */
  async function holdTransaction(database: Database) {
    let release = () => {};
    let holding = () => {};
    const held = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const done = database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_current_xact_id()`);
      holding();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    await held;
    return async () => {
      release();
      await done;
    };
  }

  it("is delayed, never emptied, by an unrelated transaction of this database that wrote something", async () => {
    await testDb.database.db.delete(eventOutbox);
    const before = new ScriptedTransaction(other);
    await before.insert();
    await before.commit();
    const release = await holdTransaction(testDb.database); // takes a transaction id, as any write does
    const after = new ScriptedTransaction(other);
    await after.insert();
    await after.commit();
    expect(await feed()).toEqual(before.ids);
    await release();
    expect(await feed()).toEqual([...before.ids, ...after.ids]);
  });

  it("is not held back by a transaction of the relay's own connections, which may not record events", async () => {
    await testDb.database.db.delete(eventOutbox);
    const relayConnection = await openPostgres({
      url: testDb.url,
      max: 2,
      applicationName: RELAY_APPLICATION_NAME,
    });
    try {
      const release = await holdTransaction(relayConnection);
      const mine = new ScriptedTransaction(other);
      await mine.insert();
      await mine.commit();
      expect(await feed()).toEqual(mine.ids);
      await release();
      const refused = await new ScriptedTransaction(relayConnection)
        .insert()
        .catch((error: unknown) => error);
      expect(String((refused as Error).cause)).toMatch(/statehub-relay connection must not record events/);
    } finally {
      await relayConnection.close();
    }
  });

  it("is not held back by a transaction of another database on the same server", async () => {
    await testDb.database.db.delete(eventOutbox);
    const elsewhere = await openTestPostgres({ pool: 1 });
    try {
      const release = await holdTransaction(elsewhere.database);
      const mine = new ScriptedTransaction(other);
      await mine.insert();
      await mine.commit();
      expect(await feed()).toEqual(mine.ids);
      await release();
    } finally {
      await elsewhere.cleanup();
    }
  });
});

// --- Property: random transaction lengths, interleavings, commit orders and rollbacks --------

interface Plan {
  transactions: Array<{ events: number; rollback: boolean }>;
  /** Each pick chooses the next action among those possible at that moment. */
  picks: number[];
  pageSizes: number[];
}

const plans = fc.record({
  transactions: fc.array(fc.record({ events: fc.integer({ min: 1, max: 12 }), rollback: fc.boolean() }), {
    minLength: 1,
    maxLength: 6,
  }),
  picks: fc.array(fc.nat(), { minLength: 80, maxLength: 80 }),
  pageSizes: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 8, maxLength: 8 }),
});

/**
 * Runs a plan: transactions start, insert, commit or roll back in the order the picks say,
 * with reader polls (of varying page sizes) between steps. With `concurrent` false (PGlite:
 * one connection, where a query waits for the open transaction) one transaction at a time,
 * and polls only between transactions.
 */
async function runPlan(writerHandles: Database[], readerHandle: Database, plan: Plan, concurrent: boolean) {
  await readerHandle.db.delete(eventOutbox);
  const reader = new FeedReader(readerHandle);
  const state = plan.transactions.map((spec) => ({
    spec,
    tx: undefined as ScriptedTransaction | undefined,
    done: false,
  }));
  const committed: string[] = [];
  let pick = 0;
  let polls = 0;
  const nextPick = () => plan.picks[pick++ % plan.picks.length] ?? 0;

  for (;;) {
    const open = state.filter((s) => s.tx && !s.done);
    const startable = concurrent || open.length === 0 ? state.filter((s) => !s.tx) : [];
    const candidates = [...open, ...startable];
    if (candidates.length === 0) break;
    const canPoll = concurrent || open.length === 0;
    const choice = nextPick() % (candidates.length + (canPoll ? 1 : 0));
    const chosen = candidates[choice];
    if (!chosen) {
      await reader.poll(plan.pageSizes[polls++ % plan.pageSizes.length]);
      continue;
    }
    if (!chosen.tx) {
      const handle = writerHandles[state.indexOf(chosen) % writerHandles.length] as Database;
      chosen.tx = new ScriptedTransaction(handle);
    }
    if (chosen.tx.ids.length < chosen.spec.events) {
      await chosen.tx.insert();
    } else if (chosen.spec.rollback) {
      await chosen.tx.rollback();
      chosen.done = true;
    } else {
      await chosen.tx.commit();
      committed.push(...chosen.tx.ids);
      chosen.done = true;
    }
  }

  // A lost event never arrives: a short wait suffices (only this test writes to its database).
  await reader.readUntil(committed.length, 2_000);
  await reader.poll(); // one more: nothing past the committed ones may show up
  expect({ seen: reader.seen.length, distinct: new Set(reader.seen).size }).toEqual({
    seen: committed.length,
    distinct: committed.length,
  });
  expect([...reader.seen].sort()).toEqual([...committed].sort());
  expect(reader.seen).toEqual(await fullRead(readerHandle));
}

describe.skipIf(!realPostgresAvailable())("event feed property on Postgres (several connections)", () => {
  let testDb: TestDatabase;
  const writers: Database[] = [];

  beforeAll(async () => {
    testDb = await openTestPostgres({ pool: 4 });
    writers.push(testDb.database, await testDb.openAnother());
  });
  afterAll(() => testDb?.cleanup());

  it("every committed event exactly once, in the order of a full read, for any interleaving", async () => {
    await fc.assert(
      fc.asyncProperty(plans, (plan) => runPlan(writers, testDb.database, plan, true)),
      { numRuns: 40 },
    );
  }, 300_000);
});

describe("event feed property on PGlite (one connection)", () => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await openTestPglite();
  });
  afterAll(() => testDb?.cleanup());

  it("every committed event exactly once, in the order of a full read, for any sequence of transactions", async () => {
    await fc.assert(
      fc.asyncProperty(plans, (plan) => runPlan([testDb.database], testDb.database, plan, false)),
      { numRuns: 30 },
    );
  }, 120_000);
});
