import type { Database } from "./database.js";
import { openPglite } from "./open-pglite.js";
import { openPostgres, type PostgresOptions } from "./open-postgres.js";

/** Where the embedded database keeps its files when no data directory is configured. */
export const DEFAULT_DATA_DIR = ".statehub/data";

export interface OpenDatabaseOptions extends Partial<PostgresOptions> {
  /** Data directory of the embedded database, used when `url` is absent. */
  dataDir?: string;
}

/** postgres.js when a URL is given, embedded PGlite in `dataDir` otherwise. */
export function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres({ ...options, url: options.url });
  return openPglite({ dataDir: options.dataDir ?? DEFAULT_DATA_DIR });
}
