// Shared helpers of the benchmarks: load the BUILT workspace packages (no TS runner), start a
// nats-server of our own, create a throwaway Postgres database, and summarise latencies.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const serverRequire = createRequire(new URL("../../apps/server/package.json", import.meta.url));

/** Imports a dependency as apps/server sees it (its node_modules, its workspace links). */
export async function fromServer(specifier) {
  return import(pathToFileURL(serverRequire.resolve(specifier)).href);
}

/** Imports a file of the built server (apps/server/dist/…). */
export function serverDist(path) {
  return import(new URL(`../../apps/server/dist/${path}`, import.meta.url).href);
}

export async function testing() {
  return fromServer("@statehub/testing");
}

/**
 * A nats-server of the benchmark's own and a fresh, migrated Postgres database (a pool of 10);
 * `close()` undoes all three.
 */
export async function startNatsAndPostgres() {
  const { startDatabaseAndNats } = await testing();
  const { openPostgres } = await fromServer("@statehub/db");
  const services = await startDatabaseAndNats();
  const database = await openPostgres({ url: services.database.url, max: 10 });
  await database.migrate();
  return {
    nats: services.nats,
    fresh: services.database,
    database,
    async close() {
      await database.close();
      await services.dispose();
    },
  };
}

export function requireDatabaseUrl() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      "DATABASE_URL is unset: the benchmarks run against a real Postgres (a fresh database per run)",
    );
    process.exit(2);
  }
  if (!/@(127\.0\.0\.1|localhost)[:/]/.test(url)) {
    console.error("DATABASE_URL must point at 127.0.0.1 / localhost");
    process.exit(2);
  }
  return url;
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function summarise(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) };
}

export const fmt = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A logger that drops everything (pino-compatible surface the relay uses). */
export const quietLogger = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return quietLogger;
  },
};

/** Resolves when `predicate()` is true, polling every `everyMs`; rejects after `timeoutMs`. */
export async function until(predicate, { everyMs = 2, timeoutMs = 60_000, what = "condition" } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** A numeric knob from the environment. */
export function knob(name, fallback) {
  const value = process.env[name];
  return value === undefined || value === "" ? fallback : Number(value);
}

/** A text knob from the environment (undefined when unset or empty). */
export function knobText(name) {
  return process.env[name] || undefined;
}
