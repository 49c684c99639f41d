// The outbox: one owner for every step of an event's life in the database. A write records its
// event in the caller's transaction (write-transaction, record-event); the NOTIFY channel wakes
// relays when there is work (channel); the relay claims due rows (claim), marks them published
// or failed (mark), and parks the ones NATS refuses for good (park); operators list, retry and
// discard parked events (parked); retention prunes published rows (retention). The event log
// read by `events.list` is event-log, each entry with its delivery state (delivery); the
// backlog figures behind /metrics, /readyz and `outbox.status` are status.

export { listenForOutboxChanges, OUTBOX_CHANNEL } from "./channel.js";
export { type ClaimedBatch, type ClaimOptions, withClaimedBatch } from "./claim.js";
export { type Delivery, type DeliveryState, deliveryOf } from "./delivery.js";
export {
  createEventLogService,
  type EventLogEntry,
  type EventLogService,
  type ListEventsInput,
} from "./event-log.js";
export { type Acked, MAX_ERROR_LENGTH, markFailed, markPublished } from "./mark.js";
export { registerOutboxMetrics } from "./metrics.js";
export {
  DEFAULT_PARKING,
  markRefused,
  type ParkedNow,
  type ParkingPolicy,
  type RefusalOutcome,
  type Refused,
} from "./park.js";
export {
  type DiscardResult,
  discardParked,
  listParked,
  type ParkedEvent,
  type RetryResult,
  type RetryTarget,
  retryParked,
} from "./parked.js";
export { EVENT_PRODUCERS } from "./producers.js";
export { type EventOrigin, recordEvent } from "./record-event.js";
export { DEFAULT_RETENTION_DAYS, type PruneOptions, pruneOutbox } from "./retention.js";
export { type OutboxRow, RELAY_APPLICATION_NAME } from "./row.js";
export { rowsOf } from "./rows.js";
export {
  createOutboxService,
  NOT_PUBLISHING,
  type OutboxService,
  type OutboxStatus,
  type PublisherStatus,
} from "./service.js";
export { type OutboxBacklog, readOutboxBacklog } from "./status.js";
export { type EventRecorder, writeTransaction } from "./write-transaction.js";
