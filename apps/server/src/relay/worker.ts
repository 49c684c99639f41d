import type { Clock } from "@statehub/api";
import type { PublisherStatus } from "@statehub/api/outbox";
import { RELAY_APPLICATION_NAME } from "@statehub/api/outbox";
import { type Database, openPostgres } from "@statehub/db";
import { DEFAULT_STREAM_NAME } from "@statehub/events";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { NatsConfig } from "../config.js";
import { registerRelayMetrics } from "./metrics.js";
import type { NatsSettings } from "./nats-connection.js";
import { OutboxRelay } from "./relay.js";
import type { RelayStatus } from "./relay-status.js";

export interface RelayWorkerOptions {
  nats: NatsConfig | undefined;
  database: Database;
  /**
   * With a Postgres URL the relay gets a small pool of its own: its claims must not queue
   * behind API transactions (nor hold API connections while acks arrive). Its connections are
   * named RELAY_APPLICATION_NAME, so the event feed does not wait for their transactions.
   */
  databaseUrl?: string | undefined;
  logger: Logger;
  clock: Clock;
  metricsRegistry?: Registry;
}

export interface RelayWorker {
  name: string;
  relay: OutboxRelay;
  /** Wake the relay (after a commit that recorded events). */
  wake(): void;
  /** For /readyz (a non-critical check): ok while the relay is off or NATS is connected. */
  readiness(): { ok: boolean } & RelayStatus;
  /** For `outbox.status`: whether this hub publishes, and how its NATS connection is. */
  publisherStatus(): PublisherStatus;
  stop(): Promise<void>;
}

export function natsSettingsFrom(nats: NatsConfig): NatsSettings {
  return {
    url: nats.url,
    ...(nats.token ? { token: nats.token } : {}),
    ...(nats.user ? { user: nats.user } : {}),
    ...(nats.password ? { password: nats.password } : {}),
    ...(nats.credsFile ? { credsFile: nats.credsFile } : {}),
    ...(nats.tlsCa || nats.tlsCert || nats.tlsKey
      ? {
          tls: {
            ...(nats.tlsCa ? { caFile: nats.tlsCa } : {}),
            ...(nats.tlsCert ? { certFile: nats.tlsCert } : {}),
            ...(nats.tlsKey ? { keyFile: nats.tlsKey } : {}),
          },
        }
      : {}),
  };
}

/**
 * The relay's own pool on Postgres: one connection per batch in flight, the last one marking and
 * committing, the current one publishing (its claim holds a transaction) and the next one claimed
 * ahead (relay.ts). With two, the next claim waited for the last one's commit (bench:relay).
 */
export const RELAY_POOL_SIZE = 3;

export function openRelayDatabase(url: string): Promise<Database> {
  return openPostgres({ url, max: RELAY_POOL_SIZE, applicationName: RELAY_APPLICATION_NAME });
}

/** Builds and starts the relay from the configuration (off when NATS_URL is unset). */
export async function startRelayWorker(options: RelayWorkerOptions): Promise<RelayWorker> {
  const ownDatabase =
    options.nats && options.databaseUrl && options.database.kind === "postgres"
      ? await openRelayDatabase(options.databaseUrl)
      : undefined;
  const relay = new OutboxRelay({
    database: ownDatabase ?? options.database,
    nats: options.nats ? natsSettingsFrom(options.nats) : undefined,
    stream: options.nats?.stream ?? DEFAULT_STREAM_NAME,
    logger: options.logger.child({ component: "relay" }),
    clock: options.clock,
  });
  if (options.metricsRegistry) registerRelayMetrics(options.metricsRegistry, relay);
  await relay.start();
  const readiness = () => {
    const status = relay.status();
    return { ok: !status.enabled || status.nats === "connected", ...status };
  };
  return {
    name: "outbox relay",
    relay,
    wake: () => relay.notify(),
    readiness,
    publisherStatus() {
      const status = readiness();
      return {
        publishing: status.enabled && status.state !== "stopped",
        nats: { state: status.nats, ok: status.ok },
      };
    },
    async stop() {
      await relay.stop();
      await ownDatabase?.close();
    },
  };
}
