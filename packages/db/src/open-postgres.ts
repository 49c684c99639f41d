import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { Database, Db } from "./database.js";
import { MIGRATIONS_FOLDER } from "./migrations.js";
import * as schema from "./schema/index.js";

export interface PostgresOptions {
  url: string;
  /** Pool size. */
  max?: number;
  /** Seconds to wait for a connection before the query fails ("database unavailable"). */
  connectTimeoutSeconds?: number;
  applicationName?: string;
}

export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const sql = postgres(options.url, {
    max: options.max ?? 10,
    connect_timeout: options.connectTimeoutSeconds ?? 5,
    idle_timeout: 60,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? "statehub" },
  });
  const db = drizzle(sql, { schema }) as unknown as Db;
  return {
    kind: "postgres",
    db,
    async migrate() {
      // Migrations run on a dedicated connection so a pool of 1 cannot deadlock on them.
      const migrationSql = postgres(options.url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
      try {
        await migrate(drizzle(migrationSql), { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await migrationSql.end();
      }
    },
    async ping() {
      await sql`select 1`;
    },
    async listen(channel, onNotify, onListen) {
      const subscription = await sql.listen(channel, () => onNotify(), onListen);
      return { unlisten: () => subscription.unlisten() };
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}
