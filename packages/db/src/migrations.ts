import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The committed drizzle-kit migrations; one folder serves postgres.js and PGlite alike. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../drizzle", import.meta.url));

/**
 * A hash of every file in MIGRATIONS_FOLDER: equal fingerprints, equal migrated schemas. Test
 * support keys its migrated template database by it (@statehub/api's testing/databases.ts).
 */
export function migrationsFingerprint(): string {
  const hash = createHash("sha256");
  for (const file of filesUnder(MIGRATIONS_FOLDER).sort()) {
    hash.update(relative(MIGRATIONS_FOLDER, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}
