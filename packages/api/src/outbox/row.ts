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

/** Channel the outbox trigger NOTIFYs on commit (migration 0001_triggers.sql). */
export const OUTBOX_CHANNEL = "statehub_outbox";
