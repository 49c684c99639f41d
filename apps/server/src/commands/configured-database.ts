import { type Database, openDatabase } from "@statehub/db";
import type { Config } from "../config.js";
import { describeStartupError } from "./startup-error.js";

/**
 * Opens and migrates the database the configuration names, for a one-shot command; on failure
 * prints one line saying what went wrong (never a secret) and resolves undefined.
 */
export async function openConfiguredDatabase(config: Config, pool: number): Promise<Database | undefined> {
  try {
    const database = await openDatabase({
      url: config.databaseUrl,
      dataDir: config.dataDir,
      max: pool,
      connectTimeoutSeconds: config.dbConnectTimeoutSeconds,
    });
    try {
      await database.migrate();
    } catch (error) {
      await database.close().catch(() => {});
      throw error;
    }
    return database;
  } catch (error) {
    console.error(`statehub: ${describeStartupError(error, config)}`);
    return undefined;
  }
}
