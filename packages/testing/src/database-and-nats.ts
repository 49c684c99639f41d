import { natsServerAvailable, type TestNatsOptions, TestNatsServer } from "./nats-server.js";
import { createFreshDatabase, type FreshDatabase, realPostgresAvailable } from "./postgres.js";

/** True when suites that need a real Postgres and a nats-server of their own can run. */
export function databaseAndNatsAvailable(): boolean {
  return realPostgresAvailable() && natsServerAvailable();
}

/** A fresh database and a nats-server, both the test's own. */
export interface DatabaseAndNats {
  database: FreshDatabase;
  nats: TestNatsServer;
  /** Stops the server (removing its store) and drops the database. */
  dispose(): Promise<void>;
}

/** Creates a fresh database and starts a nats-server; `dispose()` undoes both. */
export async function startDatabaseAndNats(natsOptions?: TestNatsOptions): Promise<DatabaseAndNats> {
  const database = await createFreshDatabase();
  let nats: TestNatsServer;
  try {
    nats = await TestNatsServer.start(natsOptions);
  } catch (error) {
    await database.drop();
    throw error;
  }
  return {
    database,
    nats,
    async dispose() {
      await nats.dispose();
      await database.drop();
    },
  };
}
