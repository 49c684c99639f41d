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
