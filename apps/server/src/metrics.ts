import type { Subject } from "@statehub/events";
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";
import { EVENT_PRODUCERS } from "./outbox/producers.js";

/**
 * The hub's own Prometheus registry, served at /metrics. Other parts of the server (the
 * relay, jobs) register their metrics on it: `new Gauge({ …, registers: [metricsRegistry] })`.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

/** Outcome label: `ok`, or the tRPC error code (e.g. BAD_REQUEST, CONFLICT). */
export const procedureCalls = new Counter({
  name: "statehub_procedure_calls_total",
  help: "tRPC procedure calls by procedure, type and outcome",
  labelNames: ["procedure", "type", "outcome"] as const,
  registers: [metricsRegistry],
});

export const procedureDuration = new Histogram({
  name: "statehub_procedure_duration_seconds",
  help: "tRPC procedure latency by procedure and outcome",
  labelNames: ["procedure", "outcome"] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

/** Every HTTP response, including those that never reach a procedure (404, 413, bad JSON). */
export const httpResponses = new Counter({
  name: "statehub_http_responses_total",
  help: "HTTP responses by route and status code",
  labelNames: ["route", "status"] as const,
  registers: [metricsRegistry],
});

/** Events committed to the outbox, by subject and the operation that records it. */
export const eventsRecorded = new Counter({
  name: "statehub_events_recorded_total",
  help: "Lifecycle events committed to the outbox, by subject and producing operation",
  labelNames: ["subject", "producer"] as const,
  registers: [metricsRegistry],
});
// Every subject's series exists from the start (at 0), so a dashboard can tell "none yet" from "missing".
for (const [subject, producer] of Object.entries(EVENT_PRODUCERS))
  eventsRecorded.inc({ subject, producer }, 0);

export function countRecordedEvents(subjects: readonly Subject[]): void {
  for (const subject of subjects) eventsRecorded.inc({ subject, producer: EVENT_PRODUCERS[subject] });
}
