import { loadConfig } from "../config.js";
import type { Command } from "./command.js";
import { openConfiguredDatabase } from "./configured-database.js";

export const migrateCommand: Command = {
  name: "migrate",
  summary: "apply the database migrations and exit",
  async run() {
    const config = loadConfig();
    const nothingToDo = (url: string) => `leave it: the hub at ${url} applied the migrations when it started`;
    const database = await openConfiguredDatabase(config, 1, nothingToDo);
    if (database === undefined) return 1;
    await database.close();
    console.log(
      `statehub: migrations applied (${config.databaseUrl === undefined ? `pglite ${config.dataDir}` : "postgres"})`,
    );
    return 0;
  },
};
