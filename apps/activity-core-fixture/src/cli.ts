#!/usr/bin/env node
import { resolve } from "node:path";
import { ConfigError, readConfig, requireForRun } from "./config.js";
import { connectHub } from "./context/hub-client.js";
import { DefinitionLoadError, loadDefinitions } from "./definitions/load.js";
import { startFixture } from "./fixture.js";
import { createLogger } from "./logger.js";
import { readStatus } from "./status.js";

const USAGE = `usage: activity-core-fixture [run | validate [dir] | status]

  run              consume the hub's events, run cron definitions, serve /metrics (default)
  validate [dir]   load the definitions (default: ACTIVITY_CORE_DEFINITIONS or the shipped ones)
  status           consumer lag, task counts and, with ACTIVITY_CORE_PORT, the live counters

environment: NATS_URL, NATS_STREAM, ACTIVITY_CORE_DURABLE, ISSUE_CORE_DATABASE_URL | DATABASE_URL,
  ACTIVITY_CORE_DEFINITIONS, STATEHUB_URL, STATEHUB_TOKEN, ACTIVITY_CORE_PORT,
  ACTIVITY_CORE_ENSURE_STREAM, ACTIVITY_CORE_MAX_ACK_PENDING, ACTIVITY_CORE_BATCH_SIZE,
  ACTIVITY_CORE_ACK_WAIT_MS, LOG_LEVEL`;

async function validate(dir: string | undefined): Promise<number> {
  const target = dir ? resolve(dir) : readConfig().definitionsDir;
  const definitions = await loadDefinitions(target);
  for (const d of definitions) {
    const trigger = "event" in d.trigger ? `event ${d.trigger.event}` : `cron "${d.trigger.cron}"`;
    console.log(`ok  ${d.id.padEnd(28)} ${trigger.padEnd(44)} ${d.source}`);
  }
  console.log(`${definitions.length} definitions valid`);
  return 0;
}

async function run(): Promise<number> {
  const config = requireForRun(readConfig());
  const logger = createLogger(config.logLevel);
  const fixture = await startFixture({
    natsUrl: config.natsUrl,
    databaseUrl: config.databaseUrl,
    stream: config.stream,
    durable: config.durable,
    definitions: config.definitionsDir,
    statusPort: config.statusPort,
    ensureStream: config.ensureStream,
    maxAckPending: config.maxAckPending,
    batchSize: config.batchSize,
    ackWaitMs: config.ackWaitMs,
    // Without STATEHUB_URL, cron definitions that call the hub are not scheduled (logged).
    hub: config.hub ? connectHub(config.hub) : undefined,
    logger,
  });
  if (fixture.statusUrl) logger.info({ statusUrl: fixture.statusUrl }, "status server listening");
  await new Promise<void>((done) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, "shutting down");
      fixture.stop().then(done, (error: Error) => {
        logger.error({ err: error.message }, "shutdown failed");
        done();
      });
    };
    process.once("SIGTERM", () => shutdown("SIGTERM"));
    process.once("SIGINT", () => shutdown("SIGINT"));
  });
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command = "run", ...rest] = argv;
  switch (command) {
    case "run":
      return run();
    case "validate":
      return validate(rest[0]);
    case "status": {
      console.log(JSON.stringify(await readStatus(readConfig()), null, 2));
      return 0;
    }
    case "help":
    case "--help":
    case "-h":
      console.log(USAGE);
      return 0;
    default:
      console.error(`unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof DefinitionLoadError) console.error(error.message);
    else console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  },
);
