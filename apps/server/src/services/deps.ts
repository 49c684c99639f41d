import type { Db } from "@statehub/db";
import type { Clock } from "../clock.js";
import type { EventOrigin } from "../outbox/record-event.js";

/** What every domain service needs: a database handle and a clock. No HTTP, no NATS. */
export interface ServiceDeps {
  db: Db;
  clock: Clock;
  /** Called after a transaction that recorded events commits (wakes an in-process relay). */
  onEventsCommitted?: () => void;
}

/** Per-call information: who is acting, for the events the call may record. */
export type CallOrigin = EventOrigin;
