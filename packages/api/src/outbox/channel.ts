import type { Database, Subscription } from "@statehub/db";

/**
 * Channel the outbox NOTIFYs when rows become publishable: an inserting transaction commits
 * (migration 0001_triggers.sql) or an operator puts a parked row back (0004_outbox_parking.sql).
 */
export const OUTBOX_CHANNEL = "statehub_outbox";

/**
 * Calls `wake` whenever the outbox has new work, in this process or any other on the same
 * database. Also right after (re)subscribing: postgres.js re-LISTENs after a reconnect, and
 * notifications sent meanwhile are lost, so the caller should look at the outbox then.
 */
export function listenForOutboxChanges(database: Database, wake: () => void): Promise<Subscription> {
  return database.listen(OUTBOX_CHANNEL, wake, wake);
}
