import { type Database, openDatabase } from "@statehub/db";
import { type Config, databaseOptionsOf } from "../config.js";
import { describeStartupError, type Instead } from "./startup-error.js";

/**
 * Opens and migrates the database the configuration names, for a one-shot command; on failure
 * prints one line saying what went wrong (never a secret) and resolves undefined. `instead`
 * words the alternative when a running hub holds the data directory.
 */
export async function openConfiguredDatabase(
  config: Config,
  pool: number,
  instead?: Instead,
): Promise<Database | undefined> {
  try {
    const database = await openDatabase(databaseOptionsOf(config, pool));
    try {
      await database.migrate();
    } catch (error) {
      await database.close().catch(() => {});
      throw error;
    }
    return database;
  } catch (error) {
    console.error(`statehub: ${describeStartupError(error, config, instead)}`);
    return undefined;
  }
}
