import { connect, type NatsConnection } from "@nats-io/transport-node";
import { DEFAULT_STREAM_NAME } from "@statehub/events";
import type { Logger } from "pino";
import { DEFAULT_DEFINITIONS_DIR } from "./config.js";
import { EventConsumer } from "./consumer/consumer.js";
import { exponentialBackoff, handleMessage } from "./consumer/handle-message.js";
import type { HubContext } from "./context/hub.js";
import { type CronRunOutcome, CronScheduler } from "./cron/scheduler.js";
import {
  checkUniqueIds,
  DefinitionLoadError,
  type LoadedDefinition,
  loadDefinitions,
  validateDefinition,
} from "./definitions/load.js";
import type { ActivityDefinition } from "./definitions/schema.js";
import { createIssueCoreStore, DEFAULT_SCHEMA, type IssueCoreStore } from "./issue-core/store.js";
import { createLogger } from "./logger.js";
import { Metrics, type MetricsSnapshot } from "./metrics.js";
import { type StatusServer, startStatusServer } from "./status-server.js";

export interface FixtureOptions {
  natsUrl: string;
  /** issue-core's Postgres (never the hub's database in production). */
  databaseUrl: string;
  /** Postgres schema of the issue-core tables; default `issue_core`. */
  schema?: string;
  stream?: string;
  durable?: string;
  /** A directory of definition files (default: the shipped ones), or definitions already made. */
  definitions?: string | readonly (ActivityDefinition | LoadedDefinition)[];
  /** The hub, for cron definitions with a context call; those are not scheduled without it. */
  hub?: HubContext;
  /** Schedule cron definitions (default true); tests usually call runCron() instead. */
  scheduleCron?: boolean;
  /** Serve /metrics and /status on this port (0: a free one); no server when undefined. */
  statusPort?: number;
  ensureStream?: boolean;
  maxAckPending?: number;
  batchSize?: number;
  ackWaitMs?: number;
  /** First redelivery delay after a storage failure; doubles per delivery up to maxRetryDelayMs. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  clock?: () => Date;
  logger?: Logger;
}

export interface FixtureHandle {
  /** Resolves once the durable consumer pulls (it waits for a missing stream first). */
  ready: Promise<void>;
  definitions: readonly LoadedDefinition[];
  store: IssueCoreStore;
  /** The status server's base URL, when one was asked for. */
  statusUrl: string | undefined;
  metrics(): Promise<MetricsSnapshot>;
  /** Runs a cron definition now, as its schedule would. */
  runCron(definitionId: string, at?: Date): Promise<CronRunOutcome>;
  /** Graceful: stop pulling, finish the message in hand, drain NATS, close the database. */
  stop(): Promise<void>;
  /** Like a crash: drop the connections without draining; unacked messages are redelivered later. */
  kill(): Promise<void>;
}

async function resolveDefinitions(input: FixtureOptions["definitions"]): Promise<LoadedDefinition[]> {
  if (input === undefined || typeof input === "string")
    return loadDefinitions(input ?? DEFAULT_DEFINITIONS_DIR);
  const problems: string[] = [];
  const definitions: LoadedDefinition[] = [];
  input.forEach((definition, index) => {
    const source = "source" in definition ? definition.source : `definitions[${index}] (${definition.id})`;
    const result = validateDefinition(source, definition);
    if (result.ok) definitions.push(result.definition);
    else problems.push(...result.problems);
  });
  problems.push(...checkUniqueIds(definitions));
  if (problems.length > 0) throw new DefinitionLoadError(problems);
  return definitions;
}

/** Starts the consumer, the cron scheduler and (optionally) the status server. */
export async function startFixture(options: FixtureOptions): Promise<FixtureHandle> {
  const logger = options.logger ?? createLogger();
  const clock = options.clock ?? (() => new Date());
  const definitions = await resolveDefinitions(options.definitions);
  const metrics = new Metrics();
  const stream = options.stream ?? DEFAULT_STREAM_NAME;
  const durable = options.durable ?? "activity-core";

  const store = createIssueCoreStore(options.databaseUrl, options.schema ?? DEFAULT_SCHEMA);
  let nc: NatsConnection | undefined;
  try {
    await store.migrate();
    nc = await connect({
      servers: options.natsUrl,
      name: `activity-core-fixture:${durable}`,
      maxReconnectAttempts: -1,
    });
  } catch (error) {
    await store.close({ timeoutSeconds: 0 });
    throw error;
  }
  const connection = nc;

  const consumer = new EventConsumer(
    connection,
    {
      stream,
      durable,
      maxAckPending: options.maxAckPending ?? 64,
      batchSize: options.batchSize ?? 16,
      ackWaitMs: options.ackWaitMs ?? 30_000,
      ensureStream: options.ensureStream ?? false,
      retryIntervalMs: 2_000,
    },
    (m) =>
      handleMessage(m, {
        definitions,
        store,
        metrics,
        logger,
        clock,
        retryDelayMs: exponentialBackoff(options.retryDelayMs ?? 1_000, options.maxRetryDelayMs ?? 60_000),
      }),
    logger,
  );
  const scheduler = new CronScheduler(definitions, { store, hub: options.hub, metrics, logger, clock });
  metrics.observeConsumer(() => consumer.state());
  const snapshot = () => metrics.snapshot();

  let statusServer: StatusServer | undefined;
  if (options.statusPort !== undefined) {
    statusServer = await startStatusServer(
      options.statusPort,
      snapshot,
      () => metrics.render(),
      () => ({
        stream,
        durable,
        definitions: definitions.map((d) => ({ id: d.id, trigger: d.trigger, source: d.source })),
      }),
    );
  }

  consumer.start();
  if (options.scheduleCron ?? true) scheduler.start();
  logger.info({ stream, durable, definitions: definitions.length }, "activity-core fixture started");

  let stopped = false;
  return {
    ready: consumer.ready,
    definitions,
    store,
    statusUrl: statusServer?.url,
    metrics: snapshot,
    runCron: (definitionId, at) => scheduler.runNow(definitionId, at),
    async stop() {
      if (stopped) return;
      stopped = true;
      await scheduler.stop();
      await consumer.stop();
      // drain() flushes the acks of the last messages before the connection closes.
      await connection.drain();
      await statusServer?.close();
      await store.close();
      logger.info("activity-core fixture stopped");
    },
    async kill() {
      if (stopped) return;
      stopped = true;
      await scheduler.stop();
      await connection.close();
      await consumer.stop().catch(() => undefined);
      await statusServer?.close();
      await store.close({ timeoutSeconds: 0 });
    },
  };
}
