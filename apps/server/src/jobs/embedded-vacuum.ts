import type { Database } from "@statehub/db";
import { sql } from "drizzle-orm";
import type { Logger } from "pino";
import { errorWithName } from "../error-message.js";

interface EmbeddedVacuumOptions {
  database: Database;
  logger: Pick<Logger, "debug" | "warn">;
  /** How often; default hourly. */
  intervalMs?: number;
  /** The first run, after start; default a minute (a hub restarted within the hour still gets one). */
  firstRunMs?: number;
}

interface EmbeddedVacuum {
  name: string;
  /** Vacuums and analyzes once now (also what the schedule runs); false on PostgreSQL or on failure. */
  runOnce(): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * PGlite runs Postgres in a single process without its background workers, so nothing
 * autovacuums it: the space of every deleted or updated row (each event's outbox row is updated
 * once when published, and deleted by retention) is never reused, and the planner's statistics
 * never learn how big a table became. The data directory then grows with every event forever
 * (11 MB per 10,000 events, measured), and queries planned for an empty table read whole tables.
 * So an embedded hub runs `VACUUM (ANALYZE)` itself, a minute after start and then hourly. On PostgreSQL autovacuum does it and
 * this is off.
 */
export function startEmbeddedVacuum(options: EmbeddedVacuumOptions): EmbeddedVacuum {
  const { database, logger } = options;
  if (database.kind !== "pglite") {
    return { name: "embedded vacuum", runOnce: async () => false, stop: async () => {} };
  }
  let running: Promise<boolean> | undefined;
  const runOnce = () => {
    const started = performance.now();
    running ??= database.db
      .execute(sql`vacuum (analyze)`)
      .then(() => {
        logger.debug({ ms: Math.round(performance.now() - started) }, "embedded database vacuumed");
        return true;
      })
      .catch((error: unknown) => {
        logger.warn({ err: errorWithName(error) }, "embedded database: vacuum failed; will retry");
        return false;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const first = setTimeout(() => void runOnce(), options.firstRunMs ?? 60_000);
  const timer = setInterval(() => void runOnce(), options.intervalMs ?? 3_600_000);
  first.unref();
  timer.unref();
  return {
    name: "embedded vacuum",
    runOnce,
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
