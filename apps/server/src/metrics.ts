import { apiMetricsRegistry } from "@statehub/api";
import { Counter, collectDefaultMetrics, Registry } from "prom-client";

/**
 * The host's own Prometheus registry. Other parts of the server (the relay, jobs) register
 * their metrics on it: `new Gauge({ …, registers: [metricsRegistry] })`. /metrics serves it
 * together with the API package's registry (procedure calls, events recorded).
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

/** Every HTTP response, including those that never reach a procedure (404, 413, bad JSON). */
export const httpResponses = new Counter({
  name: "statehub_http_responses_total",
  help: "HTTP responses by route and status code",
  labelNames: ["route", "status"] as const,
  registers: [metricsRegistry],
});

/** Requests the host guard refused (auth off): a Host name not served, or a cross-origin write. */
export const requestsRefused = new Counter({
  name: "statehub_http_requests_refused_total",
  help: "Requests refused by the host guard (auth off), by reason: host (name not served) or origin (cross-origin write)",
  labelNames: ["reason"] as const,
  registers: [metricsRegistry],
});
for (const reason of ["host", "origin"]) requestsRefused.inc({ reason }, 0);

/** Every metric the hub exposes, merged at scrape time (metrics may be registered late). */
export function allMetrics(): Registry {
  return Registry.merge([metricsRegistry, apiMetricsRegistry]);
}
