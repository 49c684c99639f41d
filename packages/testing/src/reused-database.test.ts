import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quoteIdentifier } from "./database-names.js";
import { createFreshDatabase, realPostgresAvailable } from "./postgres.js";
import { claimReusedDatabase, REUSE_DATABASES_ENV } from "./reused-database.js";
import { templateDatabase } from "./template-database.js";

describe.runIf(realPostgresAvailable())("reused test databases", () => {
  const baseUrl = process.env.DATABASE_URL ?? "";
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  const template = `statehub_reusetest_${randomBytes(4).toString("hex")}`;
  const connections: postgres.Sql[] = [];
  const connect = (url: string) => {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    connections.push(sql);
    return sql;
  };
  const nameOf = (url: string) => new URL(url).pathname.slice(1);

  beforeAll(async () => {
    await templateDatabase(template, async (url) => {
      const sql = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await sql`create table items (id serial primary key, label text not null)`;
        await sql`create index items_label on items (label)`;
        await sql`create sequence tickets`;
      } finally {
        await sql.end();
      }
    });
  });

  afterAll(async () => {
    for (const sql of connections) await sql.end().catch(() => {});
    const slots = await admin`select datname from pg_database where datname like ${`${template}_r%`}`;
    for (const { datname } of [...slots, { datname: template }]) {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${quoteIdentifier(datname)} WITH (FORCE)`);
    }
    await admin.end();
  });

  it("a released copy comes back as a new one would: no rows, sequences restarted, no statistics", async () => {
    const first = await claimReusedDatabase(baseUrl, template);
    const used = connect(first.url);
    await used`insert into items (label) select 'row ' || n from generate_series(1, 500) n`;
    await used`analyze items`;
    await used`select nextval('tickets') from generate_series(1, 3)`;
    expect(
      (await used`select count(*)::int as n from pg_statistic where starelid = 'items'::regclass`)[0]?.n,
    ).toBeGreaterThan(0);
    await used.end();
    await first.drop();

    const again = await claimReusedDatabase(baseUrl, template);
    try {
      expect(again.url).toBe(first.url);
      const sql = connect(again.url);
      expect(await sql`select count(*)::int as n from items`).toEqual([{ n: 0 }]);
      expect(await sql`insert into items (label) values ('first') returning id`).toEqual([{ id: 1 }]);
      expect(await sql`select nextval('tickets')::int as n`).toEqual([{ n: 1 }]);
      expect(
        await sql`select count(*)::int as n from pg_statistic where starelid = 'items'::regclass`,
      ).toEqual([{ n: 0 }]);
      const [activity] =
        await sql`select last_analyze, last_autoanalyze from pg_stat_user_tables where relname = 'items'`;
      expect(activity).toEqual({ last_analyze: null, last_autoanalyze: null });
      await sql.end();
    } finally {
      await again.drop();
    }
  });

  it("copies held at once are different databases; a released one is the next taken", async () => {
    const a = await claimReusedDatabase(baseUrl, template);
    const b = await claimReusedDatabase(baseUrl, template);
    expect(nameOf(a.url)).not.toBe(nameOf(b.url));
    await a.drop();
    const c = await claimReusedDatabase(baseUrl, template);
    expect(c.url).toBe(a.url);
    await b.drop();
    await c.drop();
  });

  it("a copy whose schema a test changed is copied again", async () => {
    const first = await claimReusedDatabase(baseUrl, template);
    const used = connect(first.url);
    await used`create table extra (id int)`;
    await used`drop index items_label`;
    await used.end();
    await first.drop();

    const again = await claimReusedDatabase(baseUrl, template);
    try {
      const sql = connect(again.url);
      const tables = await sql`select tablename from pg_tables where schemaname = 'public' order by 1`;
      expect(tables.map((row) => row.tablename)).toEqual(["items"]);
      expect(await sql`select indexname from pg_indexes where indexname = 'items_label'`).toHaveLength(1);
      await sql.end();
    } finally {
      await again.drop();
    }
  });

  it("a connection the last holder left open, in a transaction holding a lock, does not stop the next", async () => {
    const first = await claimReusedDatabase(baseUrl, template);
    const leftOpen = connect(first.url);
    const holding = leftOpen.begin(async (tx) => {
      await tx`insert into items (label) values ('locked')`;
      await tx`lock table items in access exclusive mode`;
      await new Promise(() => {});
    });
    holding.catch(() => {});
    // Time for the transaction to take its lock before its holder lets go of the database.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await first.drop();

    const again = await claimReusedDatabase(baseUrl, template);
    try {
      expect(again.url).toBe(first.url);
      const sql = connect(again.url);
      expect(await sql`select count(*)::int as n from items`).toEqual([{ n: 0 }]);
      await sql.end();
    } finally {
      await again.drop();
    }
  });

  it(`createFreshDatabase hands out reused copies only with ${REUSE_DATABASES_ENV}=1 and a template`, async () => {
    const before = process.env[REUSE_DATABASES_ENV];
    try {
      process.env[REUSE_DATABASES_ENV] = "1";
      const reused = await createFreshDatabase(baseUrl, { template });
      expect(nameOf(reused.url)).toMatch(new RegExp(`^${template}_r\\d+$`));
      await reused.drop();
      const empty = await createFreshDatabase(baseUrl);
      expect(nameOf(empty.url)).toMatch(/^statehub_test_/);
      await empty.drop();
      delete process.env[REUSE_DATABASES_ENV];
      const copy = await createFreshDatabase(baseUrl, { template });
      expect(nameOf(copy.url)).toMatch(/^statehub_test_/);
      await copy.drop();
    } finally {
      if (before === undefined) delete process.env[REUSE_DATABASES_ENV];
      else process.env[REUSE_DATABASES_ENV] = before;
    }
  });
});
