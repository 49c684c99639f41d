import { Writable } from "node:stream";
import type { Clock } from "@statehub/api";
import { openDefaultTestDatabase, type TestDatabase } from "@statehub/api/testing";
import { createStateHubClient, type StateHubClient } from "@statehub/client";
import type { Database } from "@statehub/db";
import { type App, createApp } from "../../src/app.js";
import { type Config, loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";

export interface TestToken {
  name: string;
  token: string;
  scope: "read" | "write";
}

export interface TestServerOptions {
  /** API tokens; none means auth is off. */
  tokens?: TestToken[];
  clock?: Clock;
  /** Share a database between servers (it is then not closed by this server). */
  database?: Database;
  /** A Postgres URL to use instead of a fresh database. */
  databaseUrl?: string;
  /** More environment variables for the configuration (e.g. NATS_URL). */
  env?: Record<string, string>;
  /** Runs before listening, e.g. to register background workers or readiness checks. */
  beforeListen?: (app: App) => void | Promise<void>;
}

export interface TestServer {
  app: App;
  url: string;
  config: Config;
  database: Database;
  /** Every log line the server wrote (JSON strings), to assert on or to search for secrets. */
  logs: string[];
  /** A typed client; with a token when given. */
  client(token?: string): StateHubClient;
  close(): Promise<void>;
}

/**
 * Starts a real hub in-process on 127.0.0.1, port 0, with its own database: a fresh Postgres
 * database when DATABASE_URL is set, in-memory PGlite otherwise (or the one passed in).
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const env: Record<string, string> = {
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    ...(options.tokens
      ? { STATEHUB_API_TOKENS: options.tokens.map((t) => `${t.name}:${t.token}:${t.scope}`).join(",") }
      : {}),
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  };
  const config = loadConfig(env);

  let owned: TestDatabase | undefined;
  let database = options.database;
  if (!database && !options.databaseUrl) {
    owned = await openDefaultTestDatabase();
    database = owned.database;
  }

  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level: config.logLevel, destination: sink });
  const app = await createApp({
    config,
    logger,
    shutdownGraceMs: 2_000,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(database ? { database } : {}),
  });
  let url: string;
  try {
    await options.beforeListen?.(app);
    url = await app.listen();
  } catch (error) {
    await app.close();
    await owned?.cleanup();
    throw error;
  }
  return {
    app,
    url,
    config,
    database: app.database,
    logs,
    client: (token) => createStateHubClient({ url, ...(token === undefined ? {} : { token }) }),
    async close() {
      await app.close();
      await owned?.cleanup();
    },
  };
}
