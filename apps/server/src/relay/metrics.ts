import { Counter, Gauge, type Registry } from "prom-client";
import type { OutboxRelay } from "./relay.js";
import { RELAY_STATES } from "./relay-status.js";

/** The relay's Prometheus metrics (the outbox's backlog and parked gauges are the outbox's own). */
export function registerRelayMetrics(registry: Registry, relay: OutboxRelay): void {
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
    help: "Events whose publish was not acknowledged for a transient reason (they are retried)",
    registers: [registry],
  });
  const refusedEvents = new Counter({
    name: "statehub_relay_refused_events_total",
    help: "Publish attempts NATS refused for good (too large, no stream, not permitted)",
    registers: [registry],
  });
  const parkedEvents = new Counter({
    name: "statehub_relay_parked_events_total",
    help: "Events parked after repeated refusals",
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
    onRefused(count, parked) {
      refusedEvents.inc(count);
      if (parked > 0) parkedEvents.inc(parked);
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
}

const METRIC_NAMES = [
  "statehub_relay_published_total",
  "statehub_relay_duplicate_acks_total",
  "statehub_relay_failures_total",
  "statehub_relay_failed_events_total",
  "statehub_relay_refused_events_total",
  "statehub_relay_parked_events_total",
  "statehub_relay_state",
  "statehub_relay_nats_connected",
];
