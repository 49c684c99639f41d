import { type Database, openPglite, openPostgres } from "@statehub/db";
import { createFreshDatabase } from "@statehub/testing";

export interface TestDatabase {
  database: Database;
  /** A second, independent handle on the same database (a second server process), Postgres only. */
  openAnother(): Promise<Database>;
  dispose(): Promise<void>;
}

/** A fresh, migrated database: real Postgres when DATABASE_URL is set, in-memory PGlite otherwise. */
export async function openTestDatabase(): Promise<TestDatabase> {
  if (!process.env.DATABASE_URL) {
    const database = await openPglite({ dataDir: "memory://" });
    await database.migrate();
    return {
      database,
      openAnother: () => Promise.reject(new Error("PGlite has a single connection")),
      dispose: () => database.close(),
    };
  }
  const fresh = await createFreshDatabase();
  const database = await openPostgres({ url: fresh.url, max: 4 });
  await database.migrate();
  const others: Database[] = [];
  return {
    database,
    async openAnother() {
      const other = await openPostgres({ url: fresh.url, max: 4 });
      others.push(other);
      return other;
    },
    async dispose() {
      for (const other of others) await other.close().catch(() => {});
      await database.close().catch(() => {});
      await fresh.drop();
    },
  };
}
