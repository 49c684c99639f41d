import { mkdirSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import { type DataDirLock, lockDataDir } from "./data-dir-lock.js";
import type { Database, Db } from "./database.js";
import { MIGRATIONS_FOLDER } from "./migrations.js";
import { initialiseInChildProcess, isInitialised } from "./pglite-initdb.js";
import { pgliteStartParams } from "./pglite-settings.js";
import * as schema from "./schema/index.js";

export interface PgliteOptions {
  /** On-disk data directory, or `memory://` for a throwaway database. */
  dataDir: string;
}

/**
 * Embedded Postgres (WASM) for running the hub with no database server at all. An on-disk
 * directory is locked first (DataDirLockedError when another process has it) and stays
 * locked until `close()` or process exit.
 */
export async function openPglite(options: PgliteOptions): Promise<Database> {
  // Loaded here, not with the package: a hub on Postgres, and every test process that never
  // opens PGlite, does not compile its JavaScript (~45 ms per process or test worker thread).
  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("drizzle-orm/pglite"),
    import("drizzle-orm/pglite/migrator"),
  ]);
  const startParams = pgliteStartParams(PGlite.defaultStartParams);
  let lock: DataDirLock | undefined;
  let client: PGlite;
  if (options.dataDir.startsWith("memory://")) {
    client = await PGlite.create(options.dataDir, { startParams });
  } else {
    mkdirSync(options.dataDir, { recursive: true });
    lock = await lockDataDir(options.dataDir);
    try {
      if (!isInitialised(options.dataDir)) {
        await initialiseInChildProcess(options.dataDir, lock, startParams);
      }
      client = await PGlite.create(options.dataDir, { startParams });
    } catch (error) {
      lock.release();
      throw error;
    }
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    kind: "pglite",
    db,
    dataDirLock: lock,
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
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}
