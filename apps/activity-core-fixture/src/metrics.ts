import { Counter, Gauge, Registry } from "prom-client";
import type { ConsumerState } from "./consumer/consumer.js";

/** What the fixture has done since it started; lag comes from the consumer's info on demand. */
export interface MetricsSnapshot {
  consumed: number;
  /** Tasks created in issue-core (by events and by cron runs). */
  acted: number;
  duplicatesSkipped: number;
  invalid: number;
  invalidByKind: Record<string, number>;
  /** Handler failures: rendering errors and retried (nak'd) messages. */
  failed: number;
  cronRuns: number;
  cronFailures: number;
  /** Messages in the stream not yet delivered to the durable (num_pending); null when unknown. */
  lag: number | null;
  /** Messages delivered and not yet acknowledged (num_ack_pending); null when unknown. */
  ackPending: number | null;
}

/**
 * The fixture's Prometheus metrics (prom-client, like the hub's), on a registry per fixture
 * instance so several fixtures in one process (tests) never share counts. `/metrics` renders
 * the registry; `/status` and the CLI read the same counters as a snapshot.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly consumed = this.counter(
    "activity_core_messages_consumed_total",
    "messages received from JetStream",
  );
  readonly acted = this.counter("activity_core_tasks_created_total", "tasks created in issue-core");
  readonly duplicatesSkipped = this.counter(
    "activity_core_duplicates_skipped_total",
    "tasks that already existed (redelivery)",
  );
  readonly invalid = new Counter({
    name: "activity_core_messages_invalid_total",
    help: "messages terminated as invalid, by reason",
    labelNames: ["kind"] as const,
    registers: [this.registry],
  });
  readonly failed = this.counter(
    "activity_core_failures_total",
    "handler failures (render errors, retried messages)",
  );
  readonly cronRuns = this.counter("activity_core_cron_runs_total", "cron definition runs");
  readonly cronFailures = this.counter(
    "activity_core_cron_failures_total",
    "cron definition runs that failed",
  );
  private consumerState: () => Promise<ConsumerState | undefined> = async () => undefined;

  constructor() {
    const metrics = this;
    const gauge = (name: string, help: string, read: (state: ConsumerState) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        // Read from the consumer at scrape time; no sample at all while the state is unknown.
        async collect() {
          const state = await metrics.consumerState();
          if (state === undefined) this.reset();
          else this.set(read(state));
        },
      });
    gauge(
      "activity_core_consumer_pending",
      "messages not yet delivered to the durable consumer (lag)",
      (s) => s.lag,
    );
    gauge(
      "activity_core_consumer_ack_pending",
      "messages delivered and not yet acknowledged",
      (s) => s.ackPending,
    );
  }

  /** Where the lag gauges read the consumer's state (the consumer starts after the metrics). */
  observeConsumer(state: () => Promise<ConsumerState | undefined>): void {
    this.consumerState = state;
  }

  /** Prometheus text exposition format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  async snapshot(): Promise<MetricsSnapshot> {
    const state = await this.consumerState();
    const invalidByKind: Record<string, number> = {};
    for (const sample of (await this.invalid.get()).values) {
      const kind = String(sample.labels.kind);
      invalidByKind[kind] = (invalidByKind[kind] ?? 0) + sample.value;
    }
    return {
      consumed: await counted(this.consumed),
      acted: await counted(this.acted),
      duplicatesSkipped: await counted(this.duplicatesSkipped),
      invalid: Object.values(invalidByKind).reduce((sum, n) => sum + n, 0),
      invalidByKind,
      failed: await counted(this.failed),
      cronRuns: await counted(this.cronRuns),
      cronFailures: await counted(this.cronFailures),
      lag: state?.lag ?? null,
      ackPending: state?.ackPending ?? null,
    };
  }

  private counter(name: string, help: string): Counter {
    return new Counter({ name, help, registers: [this.registry] });
  }
}

async function counted(counter: Counter): Promise<number> {
  return (await counter.get()).values[0]?.value ?? 0;
}
