import { DataDirLockedError, describeHolder, isDatabaseUnavailable, pgErrorCode } from "@statehub/db";
import { type Config, ConfigError } from "../config.js";
import { errorMessage } from "../error-message.js";
import { maskUrl, maskUrlsIn } from "../mask-url.js";

/** What to do instead of opening a data directory that a hub serving at `holderUrl` holds. */
export type Instead = (holderUrl: string) => string;

const callItsApi: Instead = (url) => `call its API at ${url} instead`;

/**
 * One line saying what went wrong at start-up and what to check: no stack, no secret.
 * Unknown errors still print only their message. `instead` words the alternative to opening a
 * data directory that another process holds (default: call its API).
 */
export function describeStartupError(error: unknown, config?: Config, instead: Instead = callItsApi): string {
  if (error instanceof ConfigError) return error.message;
  if (error instanceof DataDirLockedError) return describeLockedDataDir(error, instead);
  const where =
    config === undefined
      ? "the database"
      : config.databaseUrl === undefined
        ? `the embedded database in ${config.dataDir} (check STATEHUB_DATA_DIR)`
        : `the database at ${maskUrl(config.databaseUrl)} (check DATABASE_URL)`;
  const code = pgErrorCode(error) ?? (error as { code?: unknown } | null)?.code;
  if (isDatabaseUnavailable(error) || code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return `cannot reach ${where}: ${String(code ?? "connection failed")}`;
  }
  if (code === "28P01" || code === "28000") return `${where} refused the credentials (${code})`;
  if (code === "3D000") return `${where} does not exist (${code})`;
  if ((error as { code?: unknown } | null)?.code === "EADDRINUSE") {
    return `cannot listen: the address is in use (check PORT and HOST)`;
  }
  return `start-up failed with ${where}: ${maskUrlsIn(errorMessage(error))}`;
}

function describeLockedDataDir(error: DataDirLockedError, instead: Instead): string {
  const { holder } = error;
  if (holder === undefined) return error.message;
  const unchecked = error.holderChecked
    ? ""
    : ` (another host: whether it still runs cannot be checked from here; if it does not, delete ${error.claimPath})`;
  // A hub says where it serves once listening; without a URL the holder is a short command
  // (tasks stale, migrate) or a hub still starting.
  const alternative = holder.url ? instead(holder.url) : "wait until it has finished";
  return `the embedded database in ${error.dataDir} is in use by ${describeHolder(holder)}${unchecked}: only one process may open it; stop that process first, or ${alternative}`;
}
