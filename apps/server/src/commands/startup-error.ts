import { isDatabaseUnavailable, pgErrorCode } from "@statehub/db";
import { type Config, ConfigError } from "../config.js";
import { errorMessage } from "../error-message.js";
import { maskUrl, maskUrlsIn } from "../mask-url.js";

/**
 * One line saying what went wrong at start-up and what to check: no stack, no secret.
 * Unknown errors still print only their message.
 */
export function describeStartupError(error: unknown, config?: Config): string {
  if (error instanceof ConfigError) return error.message;
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
