import { type DbOrTx, eventOutbox } from "@statehub/db";
import { createEnvelope, type Envelope, type EventData, type Subject } from "@statehub/events";

/** Who caused a change and where the hub runs: becomes the envelope's actor/source/correlationid. */
export interface EventOrigin {
  source: string;
  actor?: string;
  correlationId?: string;
}

/**
 * Builds the envelope with the contract and inserts it into the outbox. Call it with the
 * transaction that makes the state change: the event exists exactly when the change commits.
 */
export async function recordEvent<S extends Subject>(
  tx: DbOrTx,
  subject: S,
  data: EventData<S>,
  time: Date,
  origin: EventOrigin,
): Promise<Envelope<S>> {
  const envelope = createEnvelope(subject, data, {
    time,
    source: origin.source,
    ...(origin.actor === undefined ? {} : { actor: origin.actor }),
    ...(origin.correlationId === undefined ? {} : { correlationId: origin.correlationId }),
  });
  await tx.insert(eventOutbox).values({ id: envelope.id, subject, envelope, createdAt: time });
  return envelope;
}
