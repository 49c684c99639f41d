import { fileURLToPath } from "node:url";
import { DEFAULT_STREAM_NAME } from "@statehub/events";
import { z } from "zod";

/** The shipped definitions: `definitions/` next to `src/` and `dist/`. */
export const DEFAULT_DEFINITIONS_DIR = fileURLToPath(new URL("../definitions", import.meta.url));

const url = (protocols: string[], what: string) =>
  z
    .string()
    .min(1)
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `must be a ${what} URL (${protocols.join(" or ")})`,
    );

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .default("false")
  .transform((value) => value === "true" || value === "1");

const Env = z.object({
  NATS_URL: url(["nats:", "tls:", "ws:", "wss:"], "NATS").optional(),
  NATS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "must be a JetStream stream name")
    .default(DEFAULT_STREAM_NAME),
  ACTIVITY_CORE_DURABLE: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "must be a durable consumer name")
    .default("activity-core"),
  ISSUE_CORE_DATABASE_URL: url(["postgres:", "postgresql:"], "Postgres").optional(),
  DATABASE_URL: url(["postgres:", "postgresql:"], "Postgres").optional(),
  ACTIVITY_CORE_DEFINITIONS: z.string().min(1).default(DEFAULT_DEFINITIONS_DIR),
  STATEHUB_URL: url(["http:", "https:"], "HTTP").optional(),
  STATEHUB_TOKEN: z.string().min(1).optional(),
  ACTIVITY_CORE_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  ACTIVITY_CORE_ENSURE_STREAM: flag,
  ACTIVITY_CORE_MAX_ACK_PENDING: positiveInt(64),
  ACTIVITY_CORE_BATCH_SIZE: positiveInt(16),
  ACTIVITY_CORE_ACK_WAIT_MS: positiveInt(30_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export interface FixtureConfig {
  natsUrl: string | undefined;
  stream: string;
  durable: string;
  databaseUrl: string | undefined;
  definitionsDir: string;
  hub: { url: string; token: string | undefined } | undefined;
  statusPort: number | undefined;
  ensureStream: boolean;
  maxAckPending: number;
  batchSize: number;
  ackWaitMs: number;
  logLevel: z.output<typeof Env>["LOG_LEVEL"];
}

/** The configuration is wrong; the message lists every offending variable and why. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads the configuration from the environment. Variables that are set but empty count as unset. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): FixtureConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = Env.safeParse(present);
  if (!parsed.success) {
    // Messages name the variable, never its value: a URL or token may carry a secret.
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    natsUrl: e.NATS_URL,
    stream: e.NATS_STREAM,
    durable: e.ACTIVITY_CORE_DURABLE,
    databaseUrl: e.ISSUE_CORE_DATABASE_URL ?? e.DATABASE_URL,
    definitionsDir: e.ACTIVITY_CORE_DEFINITIONS,
    hub: e.STATEHUB_URL ? { url: e.STATEHUB_URL, token: e.STATEHUB_TOKEN } : undefined,
    statusPort: e.ACTIVITY_CORE_PORT,
    ensureStream: e.ACTIVITY_CORE_ENSURE_STREAM,
    maxAckPending: e.ACTIVITY_CORE_MAX_ACK_PENDING,
    batchSize: e.ACTIVITY_CORE_BATCH_SIZE,
    ackWaitMs: e.ACTIVITY_CORE_ACK_WAIT_MS,
    logLevel: e.LOG_LEVEL,
  };
}

/** Narrows a configuration to what `run` needs, with one message naming everything missing. */
export function requireForRun(
  config: FixtureConfig,
): FixtureConfig & { natsUrl: string; databaseUrl: string } {
  const missing = [
    ...(config.natsUrl ? [] : ["  NATS_URL: required (e.g. nats://127.0.0.1:4222)"]),
    ...(config.databaseUrl
      ? []
      : ["  ISSUE_CORE_DATABASE_URL or DATABASE_URL: required (issue-core's Postgres)"]),
  ];
  if (missing.length > 0) throw new ConfigError(`invalid configuration:\n${missing.join("\n")}`);
  return config as FixtureConfig & { natsUrl: string; databaseUrl: string };
}
