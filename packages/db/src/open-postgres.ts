import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { Database, Db } from "./database.js";
import { MIGRATIONS_FOLDER } from "./migrations.js";
import { withPreparedStatements } from "./prepared-statements.js";
import * as schema from "./schema/index.js";

export interface PostgresOptions {
  url: string;
  /** Pool size. */
  max?: number;
  /** Seconds to wait for a connection before the query fails ("database unavailable"). */
  connectTimeoutSeconds?: number;
  applicationName?: string;
}

/** Delay before reconnecting after `retries` failed connections: 50 ms doubling, at most 0.5 s. */
const reconnectDelaySeconds = (retries: number) => Math.min(0.05 * 2 ** retries, 0.5);

export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const sql = postgres(options.url, {
    max: options.max ?? 10,
    connect_timeout: options.connectTimeoutSeconds ?? 5,
    // postgres.js waits before each reconnect, by default up to 20 s growing with every failure,
    // and a query that needs a connection waits through that delay: during an outage, requests
    // hung for seconds instead of failing. A short cap keeps "database unavailable" fast (cap +
    // connect_timeout at worst); reconnects only happen when a query asks for a connection.
    backoff: reconnectDelaySeconds,
    idle_timeout: 60,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? "statehub" },
  });
  const db = drizzle(withPreparedStatements(sql), { schema }) as unknown as Db;
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
