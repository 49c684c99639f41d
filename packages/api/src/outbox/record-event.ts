import { type DbOrTx, eventOutbox } from "@statehub/db";
import { createEnvelope, type Envelope, type EventData, type Subject } from "@statehub/events";
import { sql } from "drizzle-orm";

/** Who caused a change and where the hub runs: becomes the envelope's actor/source/correlationid. */
export interface EventOrigin {
  source: string;
  actor?: string;
  correlationId?: string;
}

/** An event insert given to the transaction's connection; `written` settles with its answer. */
export interface SentEvent<S extends Subject> {
  envelope: Envelope<S>;
  written: Promise<void>;
}

/**
 * Builds the envelope with the contract and sends its outbox insert, without waiting for the
 * answer: statements after it (the COMMIT, above all) go out behind it on the same connection.
 * Whoever calls this must await `written` before saying the change was made (see
 * writeTransaction): Postgres answers the COMMIT of a transaction whose insert failed with a
 * rollback, which is no error.
 */
export function sendEvent<S extends Subject>(
  tx: DbOrTx,
  subject: S,
  data: EventData<S>,
  time: Date,
  origin: EventOrigin,
): SentEvent<S> {
  const envelope = createEnvelope(subject, data, {
    time,
    source: origin.source,
    ...(origin.actor === undefined ? {} : { actor: origin.actor }),
    ...(origin.correlationId === undefined ? {} : { correlationId: origin.correlationId }),
  });
  // Every write of the API runs this: a four-column statement, where drizzle's insert builder
  // walks all fifteen of the table's columns to write `default` for the eleven not given.
  // `.then` here, not later: drizzle's query runs when it is first awaited.
  const written = tx
    .execute(sql`
      insert into ${eventOutbox} (id, subject, envelope, created_at)
      values (${envelope.id}, ${subject}, ${JSON.stringify(envelope)}::jsonb, ${time.toISOString()}::timestamptz)`)
    .then(() => undefined);
  return { envelope, written };
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
  const { envelope, written } = sendEvent(tx, subject, data, time, origin);
  await written;
  return envelope;
}
