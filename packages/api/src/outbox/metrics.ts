import type { Db } from "@statehub/db";
import { Gauge, type Registry } from "prom-client";
import type { Clock } from "../clock.js";
import { type OutboxBacklog, readOutboxBacklog } from "./status.js";

const GAUGES = [
  {
    name: "statehub_outbox_backlog",
    help: "Events recorded but not yet published (parked events not included)",
    value: (b: OutboxBacklog) => b.backlog,
  },
  {
    name: "statehub_outbox_oldest_unpublished_age_seconds",
    help: "Age of the oldest event waiting to be published (0 when none; parked events not included)",
    value: (b: OutboxBacklog, now: number) => ageSeconds(b.oldestPendingAt, now),
  },
  {
    name: "statehub_outbox_parked",
    help: "Events parked because NATS refuses them for good; they wait for an operator's retry or discard",
    value: (b: OutboxBacklog) => b.parked,
  },
  {
    name: "statehub_outbox_oldest_parked_age_seconds",
    help: "How long the longest-parked event has been parked (0 when none)",
    value: (b: OutboxBacklog, now: number) => ageSeconds(b.oldestParkedAt, now),
  },
] as const;

/**
 * The outbox's figures as Prometheus gauges, read from the database at scrape time (one query
 * on the unpublished rows for all of them), so they are right across replicas and also with the
 * relay off. Registering again (several apps in one process, in tests) replaces them.
 */
export function registerOutboxMetrics(registry: Registry, db: Db, clock: Clock): void {
  let snapshot: Promise<OutboxBacklog | undefined> | undefined;
  // The gauges are collected in one scrape: share one query.
  const read = () => {
    snapshot ??= readOutboxBacklog(db)
      .catch(() => undefined)
      .finally(() => {
        setTimeout(() => {
          snapshot = undefined;
        }, 100).unref();
      });
    return snapshot;
  };
  for (const gauge of GAUGES) {
    registry.removeSingleMetric(gauge.name);
    new Gauge({
      name: gauge.name,
      help: gauge.help,
      registers: [registry],
      async collect() {
        const backlog = await read();
        this.set(backlog ? gauge.value(backlog, clock.now().getTime()) : Number.NaN);
      },
    });
  }
}

function ageSeconds(since: Date | null, now: number): number {
  return since === null ? 0 : Math.max(0, (now - since.getTime()) / 1000);
}
