import { type DbOrTx, eventOutbox } from "@statehub/db";
import { createEnvelope, type Envelope, type EventData, type Subject } from "@statehub/events";
import { sql } from "drizzle-orm";

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
  // Every write of the API runs this: a four-column statement, where drizzle's insert builder
  // walks all fifteen of the table's columns to write `default` for the eleven not given.
  await tx.execute(sql`
    insert into ${eventOutbox} (id, subject, envelope, created_at)
    values (${envelope.id}, ${subject}, ${JSON.stringify(envelope)}::jsonb, ${time.toISOString()}::timestamptz)`);
  return envelope;
}
