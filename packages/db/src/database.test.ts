import { createFreshDatabase, type FreshDatabase } from "@statehub/testing";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./database.js";
import { isUniqueViolation } from "./errors.js";
import { openPglite } from "./open-pglite.js";
import { openPostgres } from "./open-postgres.js";
import { domains, eventOutbox, OUTBOX_CHANNEL, tasks, workstreams } from "./schema/index.js";

type Target = { name: string; open: () => Promise<{ database: Database; cleanup: () => Promise<void> }> };

const targets: Target[] = [
  {
    name: "pglite",
    open: async () => {
      const database = await openPglite({ dataDir: "memory://" });
      return { database, cleanup: () => database.close() };
    },
  },
];
if (process.env.DATABASE_URL) {
  targets.push({
    name: "postgres",
    open: async () => {
      const fresh: FreshDatabase = await createFreshDatabase();
      const database = await openPostgres({ url: fresh.url, max: 4 });
      return {
        database,
        cleanup: async () => {
          await database.close();
          await fresh.drop();
        },
      };
    },
  });
} else {
  console.warn("SKIPPED: postgres variant of the database tests (DATABASE_URL is unset)");
  if (process.env.CI === "true") throw new Error("DATABASE_URL must be set under CI=true");
}

describe.each(targets)("$name", ({ open }) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ database, cleanup } = await open());
    await database.migrate();
    await database.migrate(); // idempotent
  });
  afterAll(() => cleanup());

  it("answers ping", async () => {
    await expect(database.ping()).resolves.toBeUndefined();
  });

  it("enforces unique slugs in the database", async () => {
    await database.db.insert(domains).values({ slug: "dup", name: "A" });
    const error = await database.db
      .insert(domains)
      .values({ slug: "dup", name: "B" })
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it("maintains updated_at on update, but not for stale bookkeeping", async () => {
    const [domain] = await database.db.insert(domains).values({ slug: "touch", name: "T" }).returning();
    const [ws] = await database.db
      .insert(workstreams)
      .values({ key: "ws-touch", title: "W", domainId: domain!.id })
      .returning();
    const past = new Date("2020-01-01T00:00:00Z");
    const [task] = await database.db
      .insert(tasks)
      .values({ workstreamId: ws!.id, key: "t1", title: "x", createdAt: past, updatedAt: past })
      .returning();
    await database.db.update(tasks).set({ staleFlaggedAt: new Date() }).where(eq(tasks.id, task!.id));
    const [flagged] = await database.db.select().from(tasks).where(eq(tasks.id, task!.id));
    expect(flagged?.updatedAt.toISOString()).toBe(past.toISOString());
    await database.db.update(tasks).set({ title: "y" }).where(eq(tasks.id, task!.id));
    const [touched] = await database.db.select().from(tasks).where(eq(tasks.id, task!.id));
    expect(touched!.updatedAt.getTime()).toBeGreaterThan(past.getTime());
  });

  it("rejects a status outside the contract's vocabulary", async () => {
    const error = await database.db
      .execute(sql`update workstreams set status = 'done'`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
  });

  it("notifies the outbox channel on commit only", async () => {
    let notified = 0;
    const subscription = await database.listen(OUTBOX_CHANNEL, () => {
      notified += 1;
    });
    const row = (id: string) => ({ id, subject: "s", envelope: {} });
    await database.db
      .transaction(async (tx) => {
        await tx.insert(eventOutbox).values(row("0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d12"));
        tx.rollback();
      })
      .catch(() => {});
    await new Promise((r) => setTimeout(r, 200));
    expect(notified).toBe(0);
    await database.db.insert(eventOutbox).values(row("0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d13"));
    await expect.poll(() => notified, { timeout: 5000 }).toBeGreaterThan(0);
    await subscription.unlisten();
  });
});

// drizzle sends unnamed statements unless told otherwise; the postgres.js client prepares them.
describe.each(targets.filter((target) => target.name === "postgres"))("$name statements", ({ open }) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ database, cleanup } = await open());
    await database.migrate();
  });
  afterAll(() => cleanup());

  it("runs drizzle's queries as named prepared statements, also in transactions", async () => {
    const prepared = await database.db.transaction(async (tx) => {
      await tx.select().from(domains).where(eq(domains.slug, "prepared"));
      // pg_prepared_statements is per session: the transaction's own connection.
      return tx.execute(sql`select statement from pg_prepared_statements`);
    });
    const statements = (prepared as unknown as { statement: string }[]).map((row) => row.statement);
    expect(statements.some((text) => text.includes('from "domains"'))).toBe(true);
  });
});
