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

export class Metrics {
  consumed = 0;
  acted = 0;
  duplicatesSkipped = 0;
  failed = 0;
  cronRuns = 0;
  cronFailures = 0;
  readonly invalidByKind = new Map<string, number>();

  countInvalid(kind: string): void {
    this.invalidByKind.set(kind, (this.invalidByKind.get(kind) ?? 0) + 1);
  }

  snapshot(consumer: { lag: number; ackPending: number } | undefined): MetricsSnapshot {
    const invalidByKind = Object.fromEntries(this.invalidByKind);
    return {
      consumed: this.consumed,
      acted: this.acted,
      duplicatesSkipped: this.duplicatesSkipped,
      invalid: Object.values(invalidByKind).reduce((sum, n) => sum + n, 0),
      invalidByKind,
      failed: this.failed,
      cronRuns: this.cronRuns,
      cronFailures: this.cronFailures,
      lag: consumer?.lag ?? null,
      ackPending: consumer?.ackPending ?? null,
    };
  }
}

function metric(name: string, type: "counter" | "gauge", help: string, samples: [string, number][]): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
  return lines.join("\n");
}

/** Prometheus text exposition format (version 0.0.4). */
export function renderPrometheus(snapshot: MetricsSnapshot): string {
  const gauges: [string, string, number | null][] = [
    [
      "activity_core_consumer_pending",
      "messages not yet delivered to the durable consumer (lag)",
      snapshot.lag,
    ],
    [
      "activity_core_consumer_ack_pending",
      "messages delivered and not yet acknowledged",
      snapshot.ackPending,
    ],
  ];
  return `${[
    metric("activity_core_messages_consumed_total", "counter", "messages received from JetStream", [
      ["", snapshot.consumed],
    ]),
    metric("activity_core_tasks_created_total", "counter", "tasks created in issue-core", [
      ["", snapshot.acted],
    ]),
    metric("activity_core_duplicates_skipped_total", "counter", "tasks that already existed (redelivery)", [
      ["", snapshot.duplicatesSkipped],
    ]),
    metric(
      "activity_core_messages_invalid_total",
      "counter",
      "messages terminated as invalid, by reason",
      Object.entries(snapshot.invalidByKind).map(([kind, n]) => [`{kind="${kind}"}`, n]),
    ),
    metric("activity_core_failures_total", "counter", "handler failures (render errors, retried messages)", [
      ["", snapshot.failed],
    ]),
    metric("activity_core_cron_runs_total", "counter", "cron definition runs", [["", snapshot.cronRuns]]),
    metric("activity_core_cron_failures_total", "counter", "cron definition runs that failed", [
      ["", snapshot.cronFailures],
    ]),
    ...gauges
      .filter(([, , value]) => value !== null)
      .map(([name, help, value]) => metric(name, "gauge", help, [["", value ?? 0]])),
  ].join("\n")}\n`;
}
