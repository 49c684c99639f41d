import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import type { Database, Db } from "./database.js";
import { MIGRATIONS_FOLDER } from "./migrations.js";
import * as schema from "./schema/index.js";

export interface PgliteOptions {
  /** On-disk data directory, or `memory://` for a throwaway database. */
  dataDir: string;
}

/** Embedded Postgres (WASM) for running the hub with no database server at all. */
export async function openPglite(options: PgliteOptions): Promise<Database> {
  if (!options.dataDir.startsWith("memory://")) mkdirSync(options.dataDir, { recursive: true });
  const client = await PGlite.create(options.dataDir);
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    kind: "pglite",
    db,
    async migrate() {
      await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
    },
    async ping() {
      await client.query("select 1");
    },
    async listen(channel, onNotify, onListen) {
      const unsubscribe = await client.listen(channel, () => onNotify());
      onListen?.();
      return { unlisten: () => unsubscribe() };
    },
    async close() {
      await client.close();
    },
  };
}
