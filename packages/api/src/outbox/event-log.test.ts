import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Database,
  type DbOrTx,
  eventOutbox,
  MIGRATIONS_FOLDER,
  openPglite,
  openPostgres,
} from "@statehub/db";
import { type AnyEnvelope, createEnvelope } from "@statehub/events";
import { createFreshDatabase } from "@statehub/testing";
import { asc, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../clock.js";
import { InvalidInputError } from "../domain/errors.js";
import { databaseTargets, type TestDatabase } from "../testing/databases.js";
import { createEventLogService, type EventLogService } from "./event-log.js";
import { decodeFeedCursor, encodeFeedCursor } from "./feed-cursor.js";
import { recordEvent } from "./record-event.js";
import { rowsOf } from "./rows.js";

const TIME = new Date("2026-03-01T09:00:00.000Z");
const ORIGIN = { source: "/statehub-test" };

// Entities the events are about (the envelope's subject attribute).
const ALPHA = "01900000-0000-7000-8000-00000000000a";
const BETA = "01900000-0000-7000-8000-00000000000b";
const GAMMA = "01900000-0000-7000-8000-00000000000c";

type Spec = { label: string; entity: string; kind: "repo" | "decision" };

/** Records events in one transaction; `label` becomes the repo name or the decision title. */
async function recordAll(db: DbOrTx, specs: Spec[]): Promise<void> {
  for (const spec of specs) {
    if (spec.kind === "repo") {
      const data = {
        repoId: spec.entity,
        name: spec.label,
        domain: "feed",
        url: null,
        defaultBranch: "main",
      };
      await recordEvent(db, "org.statehub.repo.registered", data, TIME, ORIGIN);
    } else {
      const data = {
        decisionId: spec.entity,
        title: spec.label,
        resolution: "yes",
        resolvedBy: null,
        resolvedAt: TIME.toISOString(),
        domain: null,
      };
      await recordEvent(db, "org.statehub.decision.resolved", data, TIME, ORIGIN);
    }
  }
}

function labelOf(envelope: AnyEnvelope): string {
  switch (envelope.type) {
    case "org.statehub.repo.registered":
      return envelope.data.name;
    case "org.statehub.decision.resolved":
      return envelope.data.title;
    default:
      return envelope.type;
  }
}

const labels = (page: { items: Array<{ envelope: AnyEnvelope }> }) =>
  page.items.map((i) => labelOf(i.envelope));

describe("feed cursors", () => {
  it("encode the writer's transaction id and the position, opaquely", () => {
    expect(encodeFeedCursor({ txid: "754", position: 3 })).toBe("dHg6NzU0OjM");
    expect(decodeFeedCursor("dHg6NzU0OjM")).toEqual({ txid: "754", position: 3 });
    // The largest xid8 survives (it does not fit a JS number).
    expect(decodeFeedCursor("dHg6MTg0NDY3NDQwNzM3MDk1NTE2MTU6MQ")).toEqual({
      txid: "18446744073709551615",
      position: 1,
    });
  });

  it("read a cursor handed out before migration 0003 (`pos:N`) as (txid 0, N)", () => {
    expect(decodeFeedCursor("cG9zOjI")).toEqual({ txid: "0", position: 2 });
  });

  it("read a legacy cursor's whole position; refuse text before or after a cursor", () => {
    expect(decodeFeedCursor(Buffer.from("pos:123456789012345").toString("base64url"))).toEqual({
      txid: "0",
      position: 123456789012345,
    });
    for (const bad of ["xpos:12", "xtx:5:1", "tx:5:1x"]) {
      expect(() => decodeFeedCursor(Buffer.from(bad).toString("base64url"))).toThrow(
        /after.*malformed cursor/,
      );
    }
  });

  it("refuse anything else as invalid input naming the field", () => {
    for (const bad of [
      "garbage",
      "dHg6YWJjOjE", // tx:abc:1
      "dHg6MTg0NDY3NDQwNzM3MDk1NTE2MTY6MQ", // tx:2^64:1, beyond xid8
      "cG9zOjEyMzQ1Njc4OTAxMjM0NTY", // pos: with 16 digits
      "dHg6NTo", // tx:5:
    ]) {
      expect(() => decodeFeedCursor(bad)).toThrow(InvalidInputError);
      expect(() => decodeFeedCursor(bad)).toThrow(/after.*malformed cursor/);
    }
  });
});

describe.each(databaseTargets())("event feed paging on $name", ({ open }) => {
  let testDb: TestDatabase;
  let events: EventLogService;

  beforeAll(async () => {
    testDb = await open();
    events = createEventLogService({ db: testDb.database.db, clock: new ManualClock(TIME) });
    const { db } = testDb.database;
    await db.transaction((tx) =>
      recordAll(tx, [
        { label: "one", entity: ALPHA, kind: "repo" },
        { label: "two", entity: BETA, kind: "decision" },
      ]),
    );
    await db
      .transaction(async (tx) => {
        await recordAll(tx, [{ label: "rolled back", entity: ALPHA, kind: "repo" }]);
        throw new Error("roll back");
      })
      .catch(() => {});
    await db.transaction((tx) => recordAll(tx, [{ label: "three", entity: GAMMA, kind: "repo" }]));
    await db.transaction((tx) =>
      recordAll(tx, [
        { label: "four", entity: ALPHA, kind: "decision" },
        { label: "five", entity: ALPHA, kind: "repo" },
      ]),
    );
  });
  afterAll(() => testDb?.cleanup());

  it("lists committed events oldest first; rolled-back ones never appear", async () => {
    const all = await events.list();
    expect(labels(all)).toEqual(["one", "two", "three", "four", "five"]);
    expect(all.nextCursor).toBeNull();
    expect(all.items.every((item) => item.publishedAt === null && item.streamSequence === null)).toBe(true);
  });

  it("pages by limit: nextCursor after a full page, null on the last", async () => {
    const first = await events.list({ limit: 2 });
    expect(labels(first)).toEqual(["one", "two"]);
    expect(first.nextCursor).toBe(first.items[1]?.cursor);
    const second = await events.list({ limit: 2, after: first.nextCursor ?? "" });
    expect(labels(second)).toEqual(["three", "four"]);
    expect(second.nextCursor).not.toBeNull();
    const third = await events.list({ limit: 2, after: second.nextCursor ?? "" });
    expect(labels(third)).toEqual(["five"]);
    expect(third.nextCursor).toBeNull();
  });

  it("ends a page exactly at the last event without a further page", async () => {
    const exact = await events.list({ limit: 5 });
    expect(labels(exact)).toEqual(["one", "two", "three", "four", "five"]);
    expect(exact.nextCursor).toBeNull();
    const fourOfFive = await events.list({ limit: 4 });
    expect(fourOfFive.nextCursor).toBe(fourOfFive.items[3]?.cursor);
  });

  it("resumes after any entry's cursor, inside or across transactions; after the last: nothing", async () => {
    const all = (await events.list()).items;
    const after = async (index: number) => labels(await events.list({ after: all[index]?.cursor ?? "" }));
    expect(await after(0)).toEqual(["two", "three", "four", "five"]); // inside the first transaction
    expect(await after(1)).toEqual(["three", "four", "five"]); // across transactions
    expect(await after(3)).toEqual(["five"]);
    const end = await events.list({ after: all[4]?.cursor ?? "" });
    expect(end).toEqual({ items: [], nextCursor: null });
  });

  it("filters by subject, by entity, and both, with cursors from the unfiltered feed or the filtered one", async () => {
    expect(labels(await events.list({ subject: "org.statehub.decision.resolved" }))).toEqual(["two", "four"]);
    expect(labels(await events.list({ entity: ALPHA }))).toEqual(["one", "four", "five"]);
    expect(labels(await events.list({ entity: ALPHA, subject: "org.statehub.repo.registered" }))).toEqual([
      "one",
      "five",
    ]);
    expect(labels(await events.list({ entity: "01900000-0000-7000-8000-0000000000ff" }))).toEqual([]);
    expect(labels(await events.list({ subject: "org.statehub.task.stale" }))).toEqual([]);

    const firstAlpha = await events.list({ entity: ALPHA, limit: 1 });
    expect(labels(firstAlpha)).toEqual(["one"]);
    const rest = await events.list({ entity: ALPHA, limit: 1, after: firstAlpha.nextCursor ?? "" });
    expect(labels(rest)).toEqual(["four"]);
    expect(rest.nextCursor).not.toBeNull();
    const unfiltered = (await events.list()).items;
    expect(labels(await events.list({ entity: ALPHA, after: unfiltered[2]?.cursor ?? "" }))).toEqual([
      "four",
      "five",
    ]);
  });

  it("refuses a malformed cursor as invalid input", async () => {
    await expect(events.list({ after: "garbage" })).rejects.toThrow(InvalidInputError);
    await expect(events.list({ after: "garbage" })).rejects.toThrow(/after.*malformed cursor/);
  });
});

// --- Upgrade: rows and cursors from before migration 0003 -----------------------------------

/** Applies the committed migrations up to and including `lastTag`, as an older hub did. */
async function migrateUpTo(database: Database, lastTag: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "statehub-migrations-"));
  try {
    mkdirSync(join(dir, "meta"));
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as {
      entries: Array<{ tag: string }>;
    };
    const last = journal.entries.findIndex((entry) => entry.tag === lastTag);
    if (last < 0) throw new Error(`no migration ${lastTag}`);
    journal.entries = journal.entries.slice(0, last + 1);
    writeFileSync(join(dir, "meta/_journal.json"), JSON.stringify(journal));
    for (const { tag } of journal.entries) {
      copyFileSync(join(MIGRATIONS_FOLDER, `${tag}.sql`), join(dir, `${tag}.sql`));
    }
    const { migrate } =
      database.kind === "pglite"
        ? await import("drizzle-orm/pglite/migrator")
        : await import("drizzle-orm/postgres-js/migrator");
    await migrate(database.db as never, { migrationsFolder: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const unmigratedTargets = [
  {
    name: "pglite",
    open: async () => {
      const database = await openPglite({ dataDir: "memory://" });
      return { database, cleanup: () => database.close() };
    },
  },
  ...databaseTargets()
    .filter((target) => target.name === "postgres")
    .map(() => ({
      name: "postgres",
      open: async () => {
        const fresh = await createFreshDatabase();
        const database = await openPostgres({ url: fresh.url, max: 2 });
        return {
          database,
          cleanup: async () => {
            await database.close();
            await fresh.drop();
          },
        };
      },
    })),
];

describe.each(unmigratedTargets)("event feed across the upgrade to migration 0003 on $name", ({ open }) => {
  let database: Database;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ database, cleanup } = await open());
  });
  afterAll(() => cleanup?.());

  it("keeps old rows in their order ahead of new ones, and resumes an old cursor where it was", async () => {
    await migrateUpTo(database, "0002_workstream_status_changed_at");
    // Rows as the hub wrote them before 0003 (no txid, no entity column yet).
    const old = ["old one", "old two", "old three"].map((label, i) =>
      createEnvelope(
        "org.statehub.repo.registered",
        {
          repoId: [ALPHA, BETA, GAMMA][i] ?? ALPHA,
          name: label,
          domain: "feed",
          url: null,
          defaultBranch: "main",
        },
        { time: TIME },
      ),
    );
    for (const envelope of old) {
      await database.db.execute(
        sql`insert into event_outbox (id, subject, envelope) values (${envelope.id}, ${envelope.type}, ${JSON.stringify(envelope)}::jsonb)`,
      );
    }
    const positions = rowsOf<{ position: string | number }>(
      await database.db.execute(sql`select position from event_outbox order by position`),
    ).map((row) => Number(row.position));
    // The cursor an old hub handed out for "old one": base64url of `pos:{position}`.
    const oldCursor = Buffer.from(`pos:${positions[0]}`).toString("base64url");

    await database.migrate();
    const migrated = await database.db
      .select({ txid: sql<string>`${eventOutbox.txid}::text`, entity: eventOutbox.entity })
      .from(eventOutbox)
      .orderBy(asc(eventOutbox.position));
    expect(migrated).toEqual([
      { txid: "0", entity: ALPHA },
      { txid: "0", entity: BETA },
      { txid: "0", entity: GAMMA },
    ]);

    await database.db.transaction((tx) => recordAll(tx, [{ label: "new one", entity: BETA, kind: "repo" }]));
    const events = createEventLogService({ db: database.db, clock: new ManualClock(TIME) });
    expect(labels(await events.list())).toEqual(["old one", "old two", "old three", "new one"]);
    expect(labels(await events.list({ after: oldCursor }))).toEqual(["old two", "old three", "new one"]);
    expect(labels(await events.list({ entity: BETA }))).toEqual(["old two", "new one"]);
  });
});
