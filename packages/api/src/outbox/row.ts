/** An unpublished outbox row as the relay sees it. */
export interface OutboxRow {
  id: string;
  position: number;
  subject: string;
  /** The envelope as JSON text, published as is (no parse and re-encode per event). */
  payload: string;
  attempts: number;
  nextAttemptAt: Date | null;
}

// The channel the outbox trigger NOTIFYs on commit is the database's (next to its table).
export { OUTBOX_CHANNEL } from "@statehub/db";
