import { openDatabase } from "@statehub/db";
import { loadConfig } from "../config.js";
import type { Command } from "./command.js";
import { describeStartupError } from "./startup-error.js";

export const migrateCommand: Command = {
  name: "migrate",
  summary: "apply the database migrations and exit",
  async run() {
    const config = loadConfig();
    try {
      const database = await openDatabase({
        url: config.databaseUrl,
        dataDir: config.dataDir,
        max: 1,
        connectTimeoutSeconds: config.dbConnectTimeoutSeconds,
      });
      try {
        await database.migrate();
      } finally {
        await database.close();
      }
    } catch (error) {
      const nothingToDo = (url: string) =>
        `leave it: the hub at ${url} applied the migrations when it started`;
      console.error(`statehub: ${describeStartupError(error, config, nothingToDo)}`);
      return 1;
    }
    console.log(
      `statehub: migrations applied (${config.databaseUrl === undefined ? `pglite ${config.dataDir}` : "postgres"})`,
    );
    return 0;
  },
};
