import { type Database, OUTBOX_CHANNEL, type Subscription } from "@statehub/db";

// OUTBOX_CHANNEL (beside its table in @statehub/db) is NOTIFYd when rows become publishable: an
// inserting transaction commits (migration 0001_triggers.sql) or an operator puts a parked row
// back (0004_outbox_parking.sql).
export { OUTBOX_CHANNEL };

/**
 * Calls `wake` whenever the outbox has new work, in this process or any other on the same
 * database. Also right after (re)subscribing: postgres.js re-LISTENs after a reconnect, and
 * notifications sent meanwhile are lost, so the caller should look at the outbox then.
 */
export function listenForOutboxChanges(database: Database, wake: () => void): Promise<Subscription> {
  return database.listen(OUTBOX_CHANNEL, wake, wake);
}
