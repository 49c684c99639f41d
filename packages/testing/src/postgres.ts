import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { requireService } from "./require-service.js";

/** True when DATABASE_URL is set: suites that need a real Postgres server (not PGlite) run. */
export function realPostgresAvailable(): boolean {
  return requireService(
    "Postgres",
    Boolean(process.env.DATABASE_URL),
    "DATABASE_URL is unset (e.g. postgres://postgres@127.0.0.1:5432/test)",
  );
}

export interface FreshDatabase {
  /** Connection URL of a database created for this test run only. */
  url: string;
  /** Drops the database (terminating leftover connections). */
  drop(): Promise<void>;
}

/**
 * Creates an empty database on the server named by DATABASE_URL, so each test file starts from
 * nothing and runs in parallel with the others without sharing rows.
 */
export async function createFreshDatabase(baseUrl = process.env.DATABASE_URL): Promise<FreshDatabase> {
  if (!baseUrl) throw new Error("DATABASE_URL is unset");
  const name = `statehub_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const sql = postgres(baseUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await sql.end();
      }
    },
  };
}
