import { fileURLToPath } from "node:url";

/** The committed drizzle-kit migrations; one folder serves postgres.js and PGlite alike. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../drizzle", import.meta.url));
