import { type ApiToken, parseApiTokens, TokenConfigError } from "@statehub/api";
import { DEFAULT_DATA_DIR, type OpenDatabaseOptions } from "@statehub/db";
import { DEFAULT_SOURCE, DEFAULT_STREAM_NAME } from "@statehub/events";
import { Cron } from "croner";
import { z } from "zod";
import { canonicalConfiguredHost, isLoopbackHost } from "./host-names.js";
import { maskUrl } from "./mask-url.js";

/** A configuration problem: one line naming the variable, never its secret value. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export interface NatsConfig {
  url: string;
  stream: string;
  token?: string | undefined;
  user?: string | undefined;
  password?: string | undefined;
  credsFile?: string | undefined;
  tlsCa?: string | undefined;
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
}

export interface Config {
  /** Postgres URL; undefined means embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  dbPool: number;
  dbConnectTimeoutSeconds: number;
  port: number;
  host: string;
  apiTokens: ApiToken[];
  /** Host names served besides loopback ones while auth is off (canonical: lower case, no port). */
  allowedHosts: string[];
  /** The envelopes' `source`. */
  source: string;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** NATS publishing; undefined (NATS_URL unset) means the relay is off. */
  nats: NatsConfig | undefined;
  outboxRetentionDays: number;
  staleCron: string | undefined;
  staleDays: number;
  /** The dashboard's build served at /; undefined means apps/web/dist beside the server. */
  webDir: string | undefined;
}

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const integer = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return fallback;
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
        ctx.addIssue({ code: "custom", message: `must be an integer from ${min} to ${max}` });
        return z.NEVER;
      }
      return parsed;
    });

const postgresUrl = optionalString.superRefine((value, ctx) => {
  if (value === undefined) return;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({
      code: "custom",
      message: "must be a URL like postgres://user:password@host:5432/database",
    });
    return;
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    ctx.addIssue({
      code: "custom",
      message: `must start with postgres:// or postgresql:// (found ${url.protocol})`,
    });
  }
});

const natsUrl = optionalString.superRefine((value, ctx) => {
  if (value === undefined) return;
  for (const server of value.split(",")) {
    try {
      new URL(server.includes("://") ? server : `nats://${server}`);
    } catch {
      ctx.addIssue({ code: "custom", message: "must be nats://host:port (several separated by commas)" });
      return;
    }
  }
});

const hostList = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const hosts: string[] = [];
    for (const entry of (value ?? "").split(",").map((one) => one.trim())) {
      if (entry === "") continue;
      const host = canonicalConfiguredHost(entry);
      if (host === undefined) {
        ctx.addIssue({
          code: "custom",
          message: `entry ${JSON.stringify(entry)} is not a host name: give names or addresses such as hub.example.internal or 10.0.0.5, comma-separated, without scheme, port or wildcard`,
        });
        return z.NEVER;
      }
      hosts.push(host);
    }
    return hosts;
  });

const EnvSchema = z.object({
  DATABASE_URL: postgresUrl,
  STATEHUB_DATA_DIR: optionalString,
  STATEHUB_DB_POOL: integer(1, 1000, 10),
  STATEHUB_DB_CONNECT_TIMEOUT: integer(1, 600, 5),
  PORT: integer(0, 65535, 4000),
  HOST: optionalString,
  STATEHUB_API_TOKENS: z.string().optional(),
  STATEHUB_ALLOWED_HOSTS: hostList,
  STATEHUB_SOURCE: optionalString.refine((value) => value === undefined || /^\S{1,200}$/.test(value), {
    message: "must be a URI-reference without spaces, e.g. /statehub",
  }),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      error: "must be one of fatal, error, warn, info, debug, trace, silent",
    })
    .optional(),
  NATS_URL: natsUrl,
  NATS_STREAM: optionalString.refine((value) => value === undefined || /^[A-Za-z0-9_-]{1,64}$/.test(value), {
    message: "must be letters, digits, _ or - (a JetStream stream name)",
  }),
  NATS_TOKEN: optionalString,
  NATS_USER: optionalString,
  NATS_PASSWORD: optionalString,
  NATS_CREDS_FILE: optionalString,
  NATS_TLS_CA: optionalString,
  NATS_TLS_CERT: optionalString,
  NATS_TLS_KEY: optionalString,
  STATEHUB_OUTBOX_RETENTION_DAYS: integer(1, 3650, 7),
  STATEHUB_STALE_CRON: optionalString.refine((value) => value === undefined || isCronExpression(value), {
    message: 'must be a cron expression, e.g. "0 6 * * *"',
  }),
  STATEHUB_STALE_DAYS: integer(1, 3650, 14),
  STATEHUB_WEB_DIR: optionalString,
});

// Checked at load, so a typo is one line naming the variable instead of a croner stack at start.
function isCronExpression(value: string): boolean {
  try {
    new Cron(value, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads and validates the configuration from environment variables. Throws a ConfigError
 * whose message names each bad variable and why, never a secret value.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join("; ")}`);
  }
  const e = parsed.data;

  let apiTokens: ApiToken[];
  try {
    apiTokens = parseApiTokens(e.STATEHUB_API_TOKENS);
  } catch (error) {
    if (error instanceof TokenConfigError)
      throw new ConfigError(`invalid configuration: STATEHUB_API_TOKENS ${error.message}`);
    throw error;
  }

  const host = e.HOST ?? "127.0.0.1";
  if (apiTokens.length === 0 && !isLoopbackHost(host)) {
    throw new ConfigError(
      `refusing to listen on HOST=${host} without authentication: set STATEHUB_API_TOKENS (name:token:scope,…) or bind to 127.0.0.1`,
    );
  }
  if ((e.NATS_TLS_CERT === undefined) !== (e.NATS_TLS_KEY === undefined)) {
    throw new ConfigError("invalid configuration: NATS_TLS_CERT and NATS_TLS_KEY must be set together");
  }

  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: e.STATEHUB_DATA_DIR ?? DEFAULT_DATA_DIR,
    dbPool: e.STATEHUB_DB_POOL,
    dbConnectTimeoutSeconds: e.STATEHUB_DB_CONNECT_TIMEOUT,
    port: e.PORT,
    host,
    apiTokens,
    allowedHosts: e.STATEHUB_ALLOWED_HOSTS,
    source: e.STATEHUB_SOURCE ?? DEFAULT_SOURCE,
    logLevel: e.LOG_LEVEL ?? "info",
    nats:
      e.NATS_URL === undefined
        ? undefined
        : {
            url: e.NATS_URL,
            stream: e.NATS_STREAM ?? DEFAULT_STREAM_NAME,
            token: e.NATS_TOKEN,
            user: e.NATS_USER,
            password: e.NATS_PASSWORD,
            credsFile: e.NATS_CREDS_FILE,
            tlsCa: e.NATS_TLS_CA,
            tlsCert: e.NATS_TLS_CERT,
            tlsKey: e.NATS_TLS_KEY,
          },
    outboxRetentionDays: e.STATEHUB_OUTBOX_RETENTION_DAYS,
    staleCron: e.STATEHUB_STALE_CRON,
    staleDays: e.STATEHUB_STALE_DAYS,
    webDir: e.STATEHUB_WEB_DIR,
  };
}

/** What is safe to log about a configuration: no tokens, no passwords. */
export function describeConfig(config: Config) {
  return {
    database: config.databaseUrl === undefined ? `pglite:${config.dataDir}` : maskUrl(config.databaseUrl),
    dbPool: config.dbPool,
    host: config.host,
    port: config.port,
    auth: config.apiTokens.length === 0 ? "off" : `${config.apiTokens.length} token(s)`,
    allowedHosts: config.allowedHosts,
    source: config.source,
    nats: config.nats === undefined ? "off" : { url: maskUrl(config.nats.url), stream: config.nats.stream },
  };
}

/** How to open the database the configuration names, with a pool of `pool` connections. */
export function databaseOptionsOf(config: Config, pool: number): OpenDatabaseOptions {
  return {
    url: config.databaseUrl,
    dataDir: config.dataDir,
    max: pool,
    connectTimeoutSeconds: config.dbConnectTimeoutSeconds,
  };
}
