// The outbox: one owner for every step of an event's life in the database. A write records its
// event in the caller's transaction (write-transaction, record-event); the relay claims due rows
// (claim) and marks them (mark); retention prunes published rows (retention); the NOTIFY
// channel wakes relays on commit (row). The event log read by `events.list` is event-log.

export { type ClaimedBatch, type ClaimOptions, rowsOf, withClaimedBatch } from "./claim.js";
export {
  createEventLogService,
  type EventLogEntry,
  type EventLogService,
  type ListEventsInput,
} from "./event-log.js";
export { type Acked, markFailed, markPublished } from "./mark.js";
export { EVENT_PRODUCERS } from "./producers.js";
export { type EventOrigin, recordEvent } from "./record-event.js";
export { DEFAULT_RETENTION_DAYS, pruneOutbox } from "./retention.js";
export { OUTBOX_CHANNEL, type OutboxRow } from "./row.js";
export { type EventRecorder, writeTransaction } from "./write-transaction.js";
