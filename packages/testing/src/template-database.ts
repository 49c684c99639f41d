import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { databaseUrl, quoteIdentifier } from "./database-names.js";

const DUPLICATE_DATABASE = "42P04";

const templates = new Map<string, Promise<string>>();

/**
 * The name of a database on DATABASE_URL's server that `build` has filled once, to be copied by
 * `createFreshDatabase(url, { template })`. Copying a migrated database takes ~60 ms where
 * creating one and running the migrations takes ~300 ms, and a suite creates hundreds.
 *
 * `name` must change whenever what `build` does changes (key it by a fingerprint of its input):
 * a template, once there, is reused by every later test run on the server. It is built under a
 * name of its own and renamed when complete, so parallel test processes never copy a half-built
 * one; when two build at once, the first rename wins and the other copy is dropped.
 */
export function templateDatabase(
  name: string,
  build: (url: string) => Promise<void>,
  baseUrl = process.env.DATABASE_URL,
): Promise<string> {
  if (!baseUrl) return Promise.reject(new Error("DATABASE_URL is unset"));
  const key = `${baseUrl}\n${name}`;
  let template = templates.get(key);
  if (!template) {
    template = ensureTemplate(baseUrl, name, build);
    // A failed build is not cached: the next caller tries again.
    template.catch(() => templates.delete(key));
    templates.set(key, template);
  }
  return template;
}

async function ensureTemplate(baseUrl: string, name: string, build: (url: string) => Promise<void>) {
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  const exists = async () => (await admin`select 1 from pg_database where datname = ${name}`).length > 0;
  try {
    if (await exists()) return name;
    const building = `${name.slice(0, 40)}_building_${randomBytes(4).toString("hex")}`;
    await admin.unsafe(`CREATE DATABASE ${quoteIdentifier(building)}`);
    try {
      await build(databaseUrl(baseUrl, building));
      await admin.unsafe(`ALTER DATABASE ${quoteIdentifier(building)} RENAME TO ${quoteIdentifier(name)}`);
    } catch (error) {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${quoteIdentifier(building)} WITH (FORCE)`);
      if ((error as { code?: string }).code === DUPLICATE_DATABASE && (await exists())) return name;
      throw error;
    }
    return name;
  } finally {
    await admin.end();
  }
}
