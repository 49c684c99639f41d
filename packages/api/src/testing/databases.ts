import { type Database, migrationsFingerprint, openPglite, openPostgres } from "@statehub/db";
import { createFreshDatabase, templateDatabase } from "@statehub/testing";

export interface TestDatabase {
  database: Database;
  /** A second, independent handle on the same database (a second server process); Postgres only. */
  openAnother(): Promise<Database>;
  /** Closes the database (and every other handle) and drops it (Postgres) or discards it (PGlite). */
  cleanup(): Promise<void>;
}

export interface DatabaseTarget {
  name: "pglite" | "postgres";
  open(): Promise<TestDatabase>;
}

/** A migrated, empty in-memory PGlite. */
export async function openTestPglite(): Promise<TestDatabase> {
  const database = await openPglite({ dataDir: "memory://" });
  await database.migrate();
  return {
    database,
    openAnother: () => Promise.reject(new Error("PGlite has a single connection")),
    cleanup: () => database.close(),
  };
}

let templateName: string | undefined;

/**
 * The name of an empty, migrated database on DATABASE_URL's server to copy: built once per
 * migrations fingerprint and reused (a copy is ~5 times faster than creating and migrating).
 */
export function migratedTemplate(): Promise<string> {
  templateName ??= `statehub_migrated_${migrationsFingerprint().slice(0, 16)}`;
  return templateDatabase(templateName, async (url) => {
    const database = await openPostgres({ url, max: 1 });
    try {
      await database.migrate();
    } finally {
      await database.close();
    }
  });
}

/** A migrated, empty database of its own on the server DATABASE_URL names. */
export async function openTestPostgres(
  options: { pool?: number } = {},
): Promise<TestDatabase & { url: string }> {
  const fresh = await createFreshDatabase(undefined, { template: await migratedTemplate() });
  const pool = options.pool ?? 5;
  const database = await openPostgres({ url: fresh.url, max: pool });
  const others: Database[] = [];
  return {
    url: fresh.url,
    database,
    async openAnother() {
      const other = await openPostgres({ url: fresh.url, max: pool });
      others.push(other);
      return other;
    },
    async cleanup() {
      for (const other of others) await other.close().catch(() => {});
      await database.close().catch(() => {});
      await fresh.drop();
    },
  };
}

/** Postgres when DATABASE_URL is set, PGlite otherwise. */
export function openDefaultTestDatabase(): Promise<TestDatabase> {
  return process.env.DATABASE_URL ? openTestPostgres({ pool: 4 }) : openTestPglite();
}

/**
 * The databases a service suite runs on: PGlite always, real Postgres when DATABASE_URL is
 * set (a missing DATABASE_URL is a failure under CI=true). Use with `describe.each`.
 */
export function databaseTargets(): DatabaseTarget[] {
  const targets: DatabaseTarget[] = [{ name: "pglite", open: openTestPglite }];
  if (process.env.DATABASE_URL) {
    targets.push({ name: "postgres", open: () => openTestPostgres() });
  } else if (process.env.CI === "true") {
    throw new Error(
      "DATABASE_URL must be set under CI=true (the Postgres variant of the suite would be skipped)",
    );
  } else {
    console.warn("SKIPPED: the Postgres variant of this suite (DATABASE_URL is unset)");
  }
  return targets;
}

/**
 * The database targets with Postgres on one connection, for the perf guards that count rows
 * read: statement plans are cached per connection, and the statistics flush happens in the
 * session that did the reading.
 */
export function singleConnectionTargets(): DatabaseTarget[] {
  return databaseTargets().map((target) =>
    target.name === "postgres" ? { ...target, open: () => openTestPostgres({ pool: 1 }) } : target,
  );
}
