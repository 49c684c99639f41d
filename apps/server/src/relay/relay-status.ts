import type { NatsState } from "./nats-connection.js";

export type RelayState =
  | "off"
  | "idle"
  | "connecting"
  | "publishing"
  | "waiting-for-nats"
  | "backing-off"
  | "stopped";

export const RELAY_STATES: readonly RelayState[] = [
  "off",
  "idle",
  "connecting",
  "publishing",
  "waiting-for-nats",
  "backing-off",
  "stopped",
];

export type RelayStatus = {
  enabled: boolean;
  state: RelayState;
  nats: NatsState | "off";
  stream: string;
  consecutiveFailures: number;
  lastError: string | undefined;
  lastPublishedAt: string | undefined;
  publishedTotal: number;
  failuresTotal: number;
};

/** Hooks for what the relay did (the metrics). */
export interface RelayCounters {
  onPublished(count: number, duplicates: number): void;
  /** A failed batch (or connection attempt), and how many events it left unacknowledged. */
  onFailed(count: number): void;
  /** Events NATS refused for good in one batch, and how many of them that parked. */
  onRefused(count: number, parked: number): void;
}
