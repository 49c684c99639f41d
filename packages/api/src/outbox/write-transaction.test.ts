// writeTransaction sends an event's insert without waiting for its answer, so that it leaves
// with the COMMIT. These tests pin what that must not cost: an insert that fails still fails the
// write and keeps nothing of it, whatever the statements after it say.
import { type Database, eventOutbox, openPostgres, repos } from "@statehub/db";
import { AnswerGateProxy, within } from "@statehub/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../clock.js";
import { createDomainService } from "../services/domains.js";
import { createRepoService } from "../services/repos.js";
import { databaseTargets, openTestPostgres, type TestDatabase } from "../testing/databases.js";
import { SAMPLE_REPO_DATA } from "../testing/outbox.js";
import { writeTransaction } from "./write-transaction.js";

const TIME = new Date("2026-06-30T10:00:00.000Z");
const ORIGIN = { source: "/hub" };
const REFUSED_NAME = "org/refused-by-the-outbox";
const REPO = SAMPLE_REPO_DATA;

/** Makes the outbox refuse (as a full disk or a broken constraint would) events about REFUSED_NAME. */
async function refuseSomeEvents(database: Database): Promise<void> {
  await database.db.execute(sql`
    create function test_refuse_event() returns trigger language plpgsql as $$
    begin
      if new.envelope->'data'->>'name' = ${sql.raw(`'${REFUSED_NAME}'`)} then
        raise exception 'the outbox refused this event (test trigger)';
      end if;
      return new;
    end $$`);
  await database.db.execute(sql`
    create trigger test_refuse_event before insert on event_outbox
    for each row execute function test_refuse_event()`);
}

/** What a failed write says, with the database's own message that drizzle wraps. */
async function failureOf(write: Promise<unknown>): Promise<string> {
  const error = await write.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) return `no error: ${String(error)}`;
  return error.cause instanceof Error ? `${error.message}\n${error.cause.message}` : error.message;
}

describe.each(databaseTargets())("writeTransaction when an event's insert fails, on $name", ({ open }) => {
  let testDb: TestDatabase;
  const committed: string[][] = [];
  let deps: Parameters<typeof writeTransaction>[0];

  beforeAll(async () => {
    testDb = await open();
    await refuseSomeEvents(testDb.database);
    deps = {
      db: testDb.database.db,
      clock: new ManualClock(TIME),
      onEventsCommitted: (subjects) => committed.push([...subjects]),
    };
    await createDomainService(deps).upsert({ slug: "platform", name: "Platform" });
    committed.length = 0;
  });
  afterAll(() => testDb.cleanup());

  it("fails the write with the insert's error and keeps nothing of it (repos.register)", async () => {
    const register = createRepoService(deps).register({ name: REFUSED_NAME, domain: "platform" }, ORIGIN);
    expect(await failureOf(register)).toMatch(/the outbox refused this event/);
    const kept = await testDb.database.db.select().from(repos).where(sql`${repos.name} = ${REFUSED_NAME}`);
    expect(kept).toEqual([]);
    expect(await testDb.database.db.select().from(eventOutbox)).toEqual([]);
    expect(committed).toEqual([]);
  });

  it("reports the insert's error, not that of a statement the aborted transaction refused after it", async () => {
    const write = writeTransaction(deps, ORIGIN, async (tx, events) => {
      await events.record("org.statehub.repo.registered", { ...REPO, name: REFUSED_NAME }, TIME);
      await tx.execute(sql`select 1`);
      return "done";
    });
    expect(await failureOf(write)).toMatch(/the outbox refused this event/);
    expect(committed).toEqual([]);
  });

  it("fails when the refused event is one of several, and keeps none of them", async () => {
    const write = writeTransaction(deps, ORIGIN, async (_tx, events) => {
      await events.record("org.statehub.repo.registered", REPO, TIME);
      await events.record("org.statehub.repo.registered", { ...REPO, name: REFUSED_NAME }, TIME);
      await events.record("org.statehub.repo.registered", { ...REPO, name: "org/third" }, TIME);
      return "done";
    });
    expect(await failureOf(write)).toMatch(/the outbox refused this event/);
    expect(await testDb.database.db.select().from(eventOutbox)).toEqual([]);
    expect(committed).toEqual([]);
  });

  it("still commits events the outbox accepts, and only then tells the hook", async () => {
    const repo = await createRepoService(deps).register({ name: "org/accepted", domain: "platform" }, ORIGIN);
    expect(committed).toEqual([["org.statehub.repo.registered"]]);
    const [row] = await testDb.database.db.select().from(eventOutbox);
    expect(row?.envelope).toMatchObject({ data: { repoId: repo.id, name: "org/accepted" } });
  });
});

if (!process.env.DATABASE_URL) {
  console.warn("SKIPPED: the pipelined event insert test needs Postgres (DATABASE_URL is unset)");
  if (process.env.CI === "true") throw new Error("DATABASE_URL must be set under CI=true");
}

describe.runIf(process.env.DATABASE_URL !== undefined)("writeTransaction's event insert on Postgres", () => {
  let server: Awaited<ReturnType<typeof openTestPostgres>>;
  let proxy: AnswerGateProxy;
  let database: Database;

  beforeAll(async () => {
    server = await openTestPostgres({ pool: 1 });
    const url = new URL(server.url);
    proxy = await AnswerGateProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    // One connection, so that nothing but this transaction's statements crosses the proxy.
    database = await openPostgres({ url: url.toString(), max: 1, connectTimeoutSeconds: 2 });
  });
  afterAll(async () => {
    proxy?.releaseAll();
    await database?.close();
    await proxy?.close();
    await server?.cleanup();
  });

  it("leaves with the COMMIT, before the server has answered it", async () => {
    const deps = { db: database.db, clock: new ManualClock(TIME) };
    const write = (hold: boolean) =>
      writeTransaction(deps, ORIGIN, async (tx, events) => {
        // The state change, answered as usual (COMMIT waits for BEGIN's answer anyway).
        await tx.execute(sql`select 1`);
        // From here, nothing is answered until the insert and the COMMIT were both sent.
        if (hold) proxy.holdUntilQueries(2);
        await events.record("org.statehub.repo.registered", REPO, TIME);
        return "done";
      });
    // The first use of a statement asks the server for its parameter types first: a round trip
    // the hub pays once per connection (its statements are prepared), not per write.
    await write(false);
    expect(await within(write(true), 5_000)).toBe("done");
    const rows = await database.db.select().from(eventOutbox);
    expect(rows.map((row) => row.envelope)).toEqual([
      expect.objectContaining({ data: REPO }),
      expect.objectContaining({ data: REPO }),
    ]);
  });
});
