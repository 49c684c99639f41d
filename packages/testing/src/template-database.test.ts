import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { quoteIdentifier } from "./database-names.js";
import { createFreshDatabase, realPostgresAvailable } from "./postgres.js";
import { templateDatabase } from "./template-database.js";

describe.runIf(realPostgresAvailable())("templateDatabase", () => {
  const baseUrl = process.env.DATABASE_URL ?? "";
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  const names: string[] = [];
  const uniqueName = () => {
    const name = `statehub_tpltest_${randomBytes(4).toString("hex")}`;
    names.push(name);
    return name;
  };
  const databasesLike = async (prefix: string) =>
    (await admin`select datname from pg_database where datname like ${`${prefix}%`}`).map(
      (row) => row.datname,
    );
  const createTable = (table: string) => async (url: string) => {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await sql.unsafe(`create table ${table} (id int)`);
    } finally {
      await sql.end();
    }
  };

  afterAll(async () => {
    for (const name of names)
      await admin.unsafe(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
    await admin.end();
  });

  it("builds once; each fresh database is a copy of what the build left", async () => {
    const name = uniqueName();
    let builds = 0;
    const build = async (url: string) => {
      builds++;
      await createTable("built_once")(url);
    };
    expect(await templateDatabase(name, build)).toBe(name);
    expect(await templateDatabase(name, build)).toBe(name);
    expect(builds).toBe(1);
    const copy = await createFreshDatabase(baseUrl, { template: name });
    const sql = postgres(copy.url, { max: 1, onnotice: () => {} });
    try {
      const tables =
        await sql`select table_name from information_schema.tables where table_schema = 'public'`;
      expect(tables.map((row) => row.table_name)).toEqual(["built_once"]);
    } finally {
      await sql.end();
      await copy.drop();
    }
  });

  it("two processes building at once: one template, no copy left behind", async () => {
    const name = uniqueName();
    // Two base URLs for one server stand for two test processes (the cache is per process).
    const other = new URL(baseUrl);
    other.searchParams.set("application_name", "second_test_process");
    const results = await Promise.all([
      templateDatabase(name, createTable("first")),
      templateDatabase(name, createTable("second"), other.toString()),
    ]);
    expect(results).toEqual([name, name]);
    expect(await databasesLike(name)).toEqual([name]);
  });

  it("a failed build leaves no database and is tried again by the next caller", async () => {
    const name = uniqueName();
    await expect(templateDatabase(name, () => Promise.reject(new Error("migration failed")))).rejects.toThrow(
      "migration failed",
    );
    expect(await databasesLike(name)).toEqual([]);
    expect(await templateDatabase(name, createTable("second_try"))).toBe(name);
    expect(await databasesLike(name)).toEqual([name]);
  });
});
