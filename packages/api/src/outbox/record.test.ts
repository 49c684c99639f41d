import { eventOutbox } from "@statehub/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../clock.js";
import { databaseTargets, type TestDatabase } from "../testing/databases.js";
import {
  clearOutbox,
  outboxRows,
  recordTestEvent,
  SAMPLE_REPO_DATA,
  setOutboxRow,
} from "../testing/outbox.js";
import { listenForOutboxChanges } from "./channel.js";
import { createEventLogService } from "./event-log.js";
import { recordEvent } from "./record-event.js";
import { writeTransaction } from "./write-transaction.js";

const TIME = new Date("2026-06-30T10:00:00.000Z");
const REPO = SAMPLE_REPO_DATA;

describe.each(databaseTargets())("recording events and reading the log on $name", ({ open }) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await open();
  });
  afterAll(() => testDb.cleanup());
  beforeEach(() => clearOutbox(testDb.database));

  it("recordEvent stores the envelope under its id, at the change's time, with the caller's origin", async () => {
    const envelope = await testDb.database.db.transaction((tx) =>
      recordEvent(tx, "org.statehub.repo.registered", REPO, TIME, {
        source: "/hub",
        actor: "alice",
        correlationId: "req-1",
      }),
    );
    expect(envelope).toMatchObject({
      type: "org.statehub.repo.registered",
      source: "/hub",
      actor: "alice",
      correlationid: "req-1",
      time: "2026-06-30T10:00:00.000Z",
      data: REPO,
    });
    const [row] = await outboxRows(testDb.database);
    expect(row).toMatchObject({
      id: envelope.id,
      subject: "org.statehub.repo.registered",
      createdAt: TIME,
      envelope,
    });
    const anonymous = await testDb.database.db.transaction((tx) =>
      recordEvent(tx, "org.statehub.repo.registered", REPO, TIME, { source: "/hub" }),
    );
    expect(Object.keys(anonymous)).not.toContain("actor");
    expect(Object.keys(anonymous)).not.toContain("correlationid");
  });

  it("writeTransaction: the events commit with the change, then the hook hears their subjects; a rollback leaves nothing", async () => {
    const committed: string[][] = [];
    const deps = {
      db: testDb.database.db,
      clock: new ManualClock(TIME),
      onEventsCommitted: (s: readonly string[]) => committed.push([...s]),
    };
    const result = await writeTransaction(deps, { source: "/hub" }, async (_tx, events) => {
      await events.record("org.statehub.repo.registered", REPO, TIME);
      await events.record("org.statehub.repo.registered", { ...REPO, name: "org/other" }, TIME);
      expect(committed).toEqual([]);
      return "done";
    });
    expect(result).toBe("done");
    expect(committed).toEqual([["org.statehub.repo.registered", "org.statehub.repo.registered"]]);
    await expect(
      writeTransaction(deps, { source: "/hub" }, async (_tx, events) => {
        await events.record("org.statehub.repo.registered", REPO, TIME);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    await writeTransaction(deps, { source: "/hub" }, async () => "nothing recorded");
    expect(committed).toHaveLength(1);
    expect(await outboxRows(testDb.database)).toHaveLength(2);
  });

  it("writeTransaction without a hook (no relay in this process) still commits its events", async () => {
    const deps = { db: testDb.database.db, clock: new ManualClock(TIME) };
    const result = await writeTransaction(deps, { source: "/cli" }, async (_tx, events) => {
      await events.record("org.statehub.repo.registered", REPO, TIME);
      return "done";
    });
    expect(result).toBe("done");
    expect(await outboxRows(testDb.database)).toHaveLength(1);
  });

  it("the NOTIFY channel wakes a listener when it (re)subscribes, on a commit, and when a parked row is put back", async () => {
    let wakes = 0;
    const subscription = await listenForOutboxChanges(testDb.database, () => {
      wakes += 1;
    });
    await expect.poll(() => wakes).toBe(1);
    const id = await recordTestEvent(testDb.database);
    await expect.poll(() => wakes).toBe(2);
    await setOutboxRow(testDb.database, id, { attempts: 1 });
    await setOutboxRow(testDb.database, id, { parkedAt: TIME, parkedReason: "too large" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(wakes).toBe(2);
    await testDb.database.db.update(eventOutbox).set({ parkedAt: null, parkedReason: null });
    await expect.poll(() => wakes).toBe(3);
    await subscription.unlisten();
  });

  it("events.list gives each entry its delivery state", async () => {
    const log = createEventLogService({ db: testDb.database.db, clock: new ManualClock(TIME) });
    const pending = await recordTestEvent(testDb.database);
    const published = await recordTestEvent(testDb.database);
    const parked = await recordTestEvent(testDb.database);
    await setOutboxRow(testDb.database, published, { publishedAt: TIME, streamSequence: 7, attempts: 2 });
    await setOutboxRow(testDb.database, parked, {
      attempts: 3,
      lastError: "too large",
      parkedAt: TIME,
      parkedReason: "too large",
    });
    const page = await log.list();
    expect(page.items.map((e) => [e.envelope.id, e.publishedAt, e.streamSequence, e.delivery])).toEqual([
      [
        pending,
        null,
        null,
        { state: "pending", attempts: 0, lastError: null, parkedReason: null, parkedAt: null },
      ],
      [
        published,
        "2026-06-30T10:00:00.000Z",
        7,
        { state: "published", attempts: 2, lastError: null, parkedReason: null, parkedAt: null },
      ],
      [
        parked,
        null,
        null,
        {
          state: "parked",
          attempts: 3,
          lastError: "too large",
          parkedReason: "too large",
          parkedAt: "2026-06-30T10:00:00.000Z",
        },
      ],
    ]);
    expect(await testDb.database.db.execute(sql`select 1`)).toBeDefined();
  });
});
