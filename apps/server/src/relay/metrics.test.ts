import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { registerRelayMetrics } from "./metrics.js";
import type { OutboxRelay } from "./relay.js";
import type { RelayCounters, RelayState } from "./relay-status.js";

// The relay's metrics as Prometheus reads them, driven through the hooks the relay calls (a
// stand-in relay: what the relay reports, and when, is pinned by worker.test.ts and the relay
// suites against a real NATS server).
function standIn(state: RelayState, nats: string) {
  const hooks: RelayCounters[] = [];
  const relay = {
    state,
    status: () => ({ nats }),
    addCounters: (counters: RelayCounters) => hooks.push(counters),
  };
  return { relay: relay as unknown as OutboxRelay, hooks };
}

const values = (text: string) =>
  text
    .split("\n")
    .filter((line) => line.startsWith("statehub_relay_"))
    .sort();

describe("the relay's metrics", () => {
  it("start at zero, one gauge per relay state with the current one at 1, NATS down", async () => {
    const registry = new Registry();
    registerRelayMetrics(registry, standIn("backing-off", "reconnecting").relay);
    expect(values(await registry.metrics())).toEqual([
      "statehub_relay_duplicate_acks_total 0",
      "statehub_relay_failed_events_total 0",
      "statehub_relay_failures_total 0",
      "statehub_relay_nats_connected 0",
      "statehub_relay_parked_events_total 0",
      "statehub_relay_published_total 0",
      "statehub_relay_refused_events_total 0",
      'statehub_relay_state{state="backing-off"} 1',
      'statehub_relay_state{state="connecting"} 0',
      'statehub_relay_state{state="idle"} 0',
      'statehub_relay_state{state="off"} 0',
      'statehub_relay_state{state="publishing"} 0',
      'statehub_relay_state{state="stopped"} 0',
      'statehub_relay_state{state="waiting-for-nats"} 0',
    ]);
  });

  it("count what the relay reports: events, duplicates, failed batches and events, refusals, parked", async () => {
    const registry = new Registry();
    const { relay, hooks } = standIn("idle", "connected");
    registerRelayMetrics(registry, relay);
    expect(hooks).toHaveLength(1);
    const [hook] = hooks;
    hook?.onPublished(5, 0);
    hook?.onPublished(3, 2);
    hook?.onFailed(0);
    hook?.onFailed(4);
    hook?.onRefused(2, 0);
    hook?.onRefused(3, 1);
    expect(values(await registry.metrics())).toEqual([
      "statehub_relay_duplicate_acks_total 2",
      "statehub_relay_failed_events_total 4",
      "statehub_relay_failures_total 2",
      "statehub_relay_nats_connected 1",
      "statehub_relay_parked_events_total 1",
      "statehub_relay_published_total 8",
      "statehub_relay_refused_events_total 5",
      'statehub_relay_state{state="backing-off"} 0',
      'statehub_relay_state{state="connecting"} 0',
      'statehub_relay_state{state="idle"} 1',
      'statehub_relay_state{state="off"} 0',
      'statehub_relay_state{state="publishing"} 0',
      'statehub_relay_state{state="stopped"} 0',
      'statehub_relay_state{state="waiting-for-nats"} 0',
    ]);
  });

  it("a second registration on one registry replaces the first relay's metrics", async () => {
    const registry = new Registry();
    const first = standIn("idle", "connected");
    registerRelayMetrics(registry, first.relay);
    first.hooks[0]?.onPublished(7, 0);
    registerRelayMetrics(registry, standIn("stopped", "closed").relay);
    const text = values(await registry.metrics());
    expect(text).toContain("statehub_relay_published_total 0");
    expect(text).toContain('statehub_relay_state{state="stopped"} 1');
    expect(text).toContain("statehub_relay_nats_connected 0");
    expect(text).toHaveLength(14);
  });
});
