import type { Db } from "@statehub/db";
import type { Subject } from "@statehub/events";
import type { Clock } from "../clock.js";
import type { EventOrigin } from "../outbox/record-event.js";

/** What every domain service needs: a database handle and a clock. No HTTP, no NATS. */
export interface ServiceDeps {
  db: Db;
  clock: Clock;
  /**
   * Called after a transaction that recorded events commits, with their subjects (wakes an
   * in-process relay, counts recorded events). Never for a rolled-back write.
   */
  onEventsCommitted?: (subjects: readonly Subject[]) => void;
}

/** Per-call information: who is acting, for the events the call may record. */
export type CallOrigin = EventOrigin;
