import { createServer, type Server } from "node:http";
import {
  appRouter,
  type Clock,
  countRecordedEvents,
  createAuthenticator,
  createContextFactory,
  createServices,
  type ServiceDeps,
  type Services,
  systemClock,
} from "@statehub/api";
import { NOT_PUBLISHING, registerOutboxMetrics } from "@statehub/api/outbox";
import { type Database, openDatabase } from "@statehub/db";
import { type Config, databaseOptionsOf, describeConfig } from "./config.js";
import { createHttpHandler } from "./http/handler.js";
import { createHostGuard } from "./http/host-guard.js";
import { closeGracefully, listen } from "./http/lifecycle.js";
import { Readiness } from "./http/readiness.js";
import { DEFAULT_WEB_DIR, loadStaticFiles } from "./http/static-files.js";
import { startEmbeddedVacuum } from "./jobs/embedded-vacuum.js";
import { startOutboxRetention } from "./jobs/outbox-retention.js";
import { startStaleSchedule } from "./jobs/stale-schedule.js";
import { createLogger, type Logger } from "./logger.js";
import { metricsRegistry } from "./metrics.js";
import { type RelayWorker, startRelayWorker } from "./relay/worker.js";

export interface AppOptions {
  config: Config;
  clock?: Clock;
  logger?: Logger;
  /** An already-open database (tests share one between apps); the app then does not close it. */
  database?: Database;
  /** How long in-flight requests may run on shutdown before their connections are cut. */
  shutdownGraceMs?: number;
}

/** Something that runs beside the API (the outbox relay, outbox retention, the stale-task schedule). */
export interface BackgroundWorker {
  name: string;
  stop(): Promise<void>;
}

export interface App {
  config: Config;
  database: Database;
  services: Services;
  readiness: Readiness;
  logger: Logger;
  server: Server;
  /** Registers a callback run after every commit that recorded events (e.g. wake the relay). */
  onEventsCommitted(listener: () => void): void;
  /** Starts listening on config.host:config.port; resolves with the base URL. */
  listen(): Promise<string>;
  /** The base URL once listening. */
  readonly url: string | undefined;
  /** Graceful: stop accepting, finish in-flight requests (bounded), stop workers, close the database. */
  close(): Promise<void>;
}

/** Opens (and migrates) the database, builds services, router and HTTP server. Does not listen. */
export async function createApp(options: AppOptions): Promise<App> {
  const { config } = options;
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  const ownsDatabase = options.database === undefined;
  const database = options.database ?? (await openDatabase(databaseOptionsOf(config, config.dbPool)));
  try {
    await database.migrate();
  } catch (error) {
    if (ownsDatabase) await database.close().catch(() => {});
    throw error;
  }

  const commitListeners: Array<() => void> = [];
  const deps: ServiceDeps = {
    db: database.db,
    clock,
    onEventsCommitted: (subjects) => {
      countRecordedEvents(subjects);
      for (const listener of commitListeners) listener();
    },
  };
  // The relay starts after the services; until then (and without NATS_URL) nothing publishes.
  let relay: RelayWorker | undefined;
  const services = createServices(deps, {
    staleDays: config.staleDays,
    publisherStatus: () => relay?.publisherStatus() ?? NOT_PUBLISHING,
  });

  const readiness = new Readiness();
  readiness.add({
    name: "database",
    critical: true,
    async check() {
      await database.ping();
      return { ok: true, kind: database.kind };
    },
  });
  // Parked events do not make the hub unready (it works; they wait for an operator), but show.
  readiness.add({
    name: "outbox",
    critical: false,
    async check() {
      const { backlog, oldestPendingAt, parked, oldestParkedAt } = await services.outbox.status();
      return { ok: parked === 0, backlog, oldestPendingAt, parked, oldestParkedAt };
    },
  });
  registerOutboxMetrics(metricsRegistry, database.db, clock);

  const authOff = config.apiTokens.length === 0;
  if (authOff) {
    logger.warn(
      { host: config.host, allowedHosts: config.allowedHosts },
      "auth is off: no STATEHUB_API_TOKENS, listening on loopback only, serving loopback Host names and STATEHUB_ALLOWED_HOSTS",
    );
  } else if (config.allowedHosts.length > 0) {
    logger.warn("STATEHUB_ALLOWED_HOSTS has no effect with auth on: every Host name is served");
  }
  const web = await loadStaticFiles(config.webDir ?? DEFAULT_WEB_DIR);
  if (web.kind === "absent") {
    logger.info(
      { webDir: web.dir, reason: web.reason },
      "dashboard not served (build it with `node scripts/pnpm.mjs turbo run build --filter=@statehub/web`): serving the API only",
    );
  }
  const server = createServer(
    createHttpHandler({
      router: appRouter,
      readiness,
      log: logger,
      staticFiles: web.kind === "loaded" ? web.files : undefined,
      // Tokens protect a hub with auth on; a browser cannot send them for a rebinding page.
      guard: authOff ? createHostGuard(config.allowedHosts) : undefined,
      createContext: createContextFactory({
        services,
        authenticate: createAuthenticator(config.apiTokens),
        source: config.source,
        log: logger,
      }),
    }),
  );
  // Slow or idle clients must not hold connections forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  // --- Background workers -------------------------------------------------------------
  // Started here, stopped (in reverse order) on close.
  const workers: BackgroundWorker[] = [];
  try {
    relay = await startRelayWorker({
      nats: config.nats,
      database,
      databaseUrl: config.databaseUrl,
      logger,
      clock,
      metricsRegistry,
    });
    workers.push(relay);
    commitListeners.push(relay.wake);
    // NATS state is reported on /readyz but never makes the hub unready: the outbox holds events.
    readiness.add({ name: "nats", critical: false, check: relay.readiness });
    workers.push(
      startOutboxRetention({
        db: database.db,
        retentionDays: config.outboxRetentionDays,
        clock,
        logger: logger.child({ component: "outbox-retention" }),
      }),
    );
    workers.push(startEmbeddedVacuum({ database, logger: logger.child({ component: "embedded-vacuum" }) }));
    if (config.staleCron) {
      workers.push(
        startStaleSchedule({
          cron: config.staleCron,
          thresholdDays: config.staleDays,
          deps,
          origin: { source: config.source, actor: "stale-schedule" },
          logger,
        }),
      );
    }
  } catch (error) {
    for (const worker of [...workers].reverse()) await worker.stop().catch(() => {});
    if (ownsDatabase) await database.close().catch(() => {});
    throw error;
  }
  // ------------------------------------------------------------------------------------

  let url: string | undefined;
  let closing: Promise<void> | undefined;
  return {
    config,
    database,
    services,
    readiness,
    logger,
    server,
    onEventsCommitted: (listener) => {
      commitListeners.push(listener);
    },
    get url() {
      return url;
    },
    async listen() {
      url = await listen(server, config.port, config.host);
      logger.info({ url, config: describeConfig(config) }, "statehub listening");
      return url;
    },
    close() {
      closing ??= (async () => {
        await closeGracefully(server, options.shutdownGraceMs ?? 10_000);
        for (const worker of [...workers].reverse()) {
          await worker
            .stop()
            .catch((error: unknown) =>
              logger.error({ err: error, worker: worker.name }, "worker stop failed"),
            );
        }
        if (ownsDatabase) await database.close();
      })();
      return closing;
    },
  };
}

/** createApp + listen. */
export async function startApp(options: AppOptions): Promise<App> {
  const app = await createApp(options);
  try {
    await app.listen();
  } catch (error) {
    await app.close();
    throw error;
  }
  return app;
}
