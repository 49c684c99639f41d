/** An unpublished outbox row as the relay sees it. */
export interface OutboxRow {
  id: string;
  position: number;
  subject: string;
  /** The envelope as JSON text, published as is (no parse and re-encode per event). */
  payload: string;
  attempts: number;
  /** Attempts NATS refused for good; a refused row steps out of line (see claim.ts). */
  refusals: number;
  nextAttemptAt: Date | null;
}

/**
 * The Postgres `application_name` of the relay's own connections. The event feed does not wait
 * for their transactions (feed-horizon.ts), which is sound only because they never record an
 * event: migration 0003's `event_outbox_insert_guard` refuses an outbox INSERT from them.
 */
export const RELAY_APPLICATION_NAME = "statehub-relay";
