import type { Clock } from "@statehub/api";
import { rowsOf } from "@statehub/api/outbox";
import type { Database } from "@statehub/db";
import { sql } from "drizzle-orm";
import { Counter, Gauge, type Registry } from "prom-client";
import { type OutboxRelay, RELAY_STATES } from "./relay.js";

/**
 * The relay's Prometheus metrics. Backlog and age are read from the outbox at scrape time (the
 * partial index on unpublished rows keeps that cheap), so they are right across replicas and
 * also with the relay off.
 */
export function registerRelayMetrics(
  registry: Registry,
  relay: OutboxRelay,
  database: Database,
  clock: Clock,
): void {
  // Several apps in one process (tests) share the module's registry: the newest relay wins.
  for (const name of METRIC_NAMES) registry.removeSingleMetric(name);
  const published = new Counter({
    name: "statehub_relay_published_total",
    help: "Events acknowledged by JetStream (duplicates included: they are already in the stream)",
    registers: [registry],
  });
  const duplicates = new Counter({
    name: "statehub_relay_duplicate_acks_total",
    help: "Acks that reported a duplicate Nats-Msg-Id (a re-send after a crash or lost ack)",
    registers: [registry],
  });
  const failures = new Counter({
    name: "statehub_relay_failures_total",
    help: "Relay batches that failed (connection, NATS or database errors)",
    registers: [registry],
  });
  const failedEvents = new Counter({
    name: "statehub_relay_failed_events_total",
    help: "Events whose publish was not acknowledged (they are retried)",
    registers: [registry],
  });
  relay.addCounters({
    onPublished(count, dup) {
      published.inc(count);
      if (dup > 0) duplicates.inc(dup);
    },
    onFailed(count) {
      failures.inc();
      if (count > 0) failedEvents.inc(count);
    },
  });

  new Gauge({
    name: "statehub_relay_state",
    help: "1 for the relay's current state",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      for (const state of RELAY_STATES) this.set({ state }, relay.state === state ? 1 : 0);
    },
  });
  new Gauge({
    name: "statehub_relay_nats_connected",
    help: "1 while the relay's NATS connection is up",
    registers: [registry],
    collect() {
      this.set(relay.status().nats === "connected" ? 1 : 0);
    },
  });

  let snapshot: Promise<{ backlog: number; oldestAgeSeconds: number }> | undefined;
  // Both gauges are collected in one scrape: share one query.
  const backlogSnapshot = () => {
    snapshot ??= readBacklog(database, clock).finally(() => {
      setTimeout(() => {
        snapshot = undefined;
      }, 100).unref();
    });
    return snapshot;
  };
  new Gauge({
    name: "statehub_outbox_backlog",
    help: "Events recorded but not yet published",
    registers: [registry],
    async collect() {
      this.set((await backlogSnapshot().catch(() => ({ backlog: Number.NaN }))).backlog);
    },
  });
  new Gauge({
    name: "statehub_outbox_oldest_unpublished_age_seconds",
    help: "Age of the oldest unpublished event (0 when none)",
    registers: [registry],
    async collect() {
      this.set((await backlogSnapshot().catch(() => ({ oldestAgeSeconds: Number.NaN }))).oldestAgeSeconds);
    },
  });
}

const METRIC_NAMES = [
  "statehub_relay_published_total",
  "statehub_relay_duplicate_acks_total",
  "statehub_relay_failures_total",
  "statehub_relay_failed_events_total",
  "statehub_relay_state",
  "statehub_relay_nats_connected",
  "statehub_outbox_backlog",
  "statehub_outbox_oldest_unpublished_age_seconds",
];

async function readBacklog(database: Database, clock: Clock) {
  const result = await database.db.execute<{ backlog: number; oldest: string | Date | null }>(sql`
    select count(*)::int as backlog, min(created_at) as oldest
    from event_outbox where published_at is null`);
  const row = rowsOf<{ backlog: number; oldest: string | Date | null }>(result)[0];
  const oldest = row?.oldest ? new Date(row.oldest).getTime() : undefined;
  return {
    backlog: Number(row?.backlog ?? 0),
    oldestAgeSeconds: oldest === undefined ? 0 : Math.max(0, (clock.now().getTime() - oldest) / 1000),
  };
}
