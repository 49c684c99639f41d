import type { Subject } from "@statehub/events";
import { Counter, Histogram, Registry } from "prom-client";
import { EVENT_PRODUCERS } from "./outbox/producers.js";

/**
 * The API's Prometheus metrics, on a registry of its own: the host serves it beside its own
 * (the server's /metrics merges the two), so the package never reaches into an app.
 */
export const apiMetricsRegistry = new Registry();

/** Outcome label: `ok`, or the tRPC error code (e.g. BAD_REQUEST, CONFLICT). */
export const procedureCalls = new Counter({
  name: "statehub_procedure_calls_total",
  help: "tRPC procedure calls by procedure, type and outcome",
  labelNames: ["procedure", "type", "outcome"] as const,
  registers: [apiMetricsRegistry],
});

export const procedureDuration = new Histogram({
  name: "statehub_procedure_duration_seconds",
  help: "tRPC procedure latency by procedure and outcome",
  labelNames: ["procedure", "outcome"] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [apiMetricsRegistry],
});

/** Events committed to the outbox, by subject and the operation that records it. */
const eventsRecorded = new Counter({
  name: "statehub_events_recorded_total",
  help: "Lifecycle events committed to the outbox, by subject and producing operation",
  labelNames: ["subject", "producer"] as const,
  registers: [apiMetricsRegistry],
});
// Every subject's series exists from the start (at 0), so a dashboard can tell "none yet" from "missing".
for (const [subject, producer] of Object.entries(EVENT_PRODUCERS))
  eventsRecorded.inc({ subject, producer }, 0);

export function countRecordedEvents(subjects: readonly Subject[]): void {
  for (const subject of subjects) eventsRecorded.inc({ subject, producer: EVENT_PRODUCERS[subject] });
}
