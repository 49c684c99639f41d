import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { databaseUrl, quoteIdentifier } from "./database-names.js";
import { requireService } from "./require-service.js";
import { claimReusedDatabase, REUSE_DATABASES_ENV } from "./reused-database.js";

/** True when DATABASE_URL is set: suites that need a real Postgres server (not PGlite) run. */
export function realPostgresAvailable(): boolean {
  return requireService(
    "Postgres",
    Boolean(process.env.DATABASE_URL),
    "DATABASE_URL is unset (e.g. postgres://postgres@127.0.0.1:5432/test)",
  );
}

export interface FreshDatabase {
  /** Connection URL of a database created for this test run only. */
  url: string;
  /** Drops the database (terminating leftover connections); a reused one is only released. */
  drop(): Promise<void>;
}

export interface FreshDatabaseOptions {
  /** A database to copy (see template-database.ts); an empty one when absent. */
  template?: string;
}

/**
 * Creates a database on the server named by DATABASE_URL, empty or a copy of `template`, so each
 * test file starts from a known state and runs in parallel with the others without sharing rows.
 * With STATEHUB_TEST_DATABASE_REUSE=1 (mutation runs), a copy of `template` is one that earlier
 * files used and released, emptied (see reused-database.ts).
 */
export async function createFreshDatabase(
  baseUrl = process.env.DATABASE_URL,
  options: FreshDatabaseOptions = {},
): Promise<FreshDatabase> {
  if (!baseUrl) throw new Error("DATABASE_URL is unset");
  if (options.template !== undefined && process.env[REUSE_DATABASES_ENV] === "1") {
    return claimReusedDatabase(baseUrl, options.template);
  }
  const name = `statehub_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  try {
    const template = options.template === undefined ? "" : ` TEMPLATE ${quoteIdentifier(options.template)}`;
    await admin.unsafe(`CREATE DATABASE ${name}${template}`);
    // A test database is thrown away, never recovered after a crash of the server: its commits
    // need not wait for the WAL to reach the disk. Suites commit thousands of times, and on a
    // machine with slow fsync that wait was the larger part of their run time.
    await admin.unsafe(`ALTER DATABASE ${name} SET synchronous_commit = off`);
  } finally {
    await admin.end();
  }
  return {
    url: databaseUrl(baseUrl, name),
    async drop() {
      const sql = postgres(baseUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await sql.end();
      }
    },
  };
}
