import type { Tx } from "@statehub/db";
import type { Envelope, EventData, Subject } from "@statehub/events";
import type { CallOrigin, ServiceDeps } from "../services/deps.js";
import { sendEvent } from "./record-event.js";

/** Records events inside the surrounding transaction, with the caller's origin. */
export interface EventRecorder {
  /**
   * Resolves when the insert is sent, not when it is answered: the next statement (usually the
   * COMMIT) goes out in the same write, a round trip less per write. The statements that follow
   * on the transaction run after it all the same, and writeTransaction fails if it failed.
   */
  record<S extends Subject>(subject: S, data: EventData<S>, time: Date): Promise<Envelope<S>>;
}

/** The error of the first insert that failed, once all have settled; undefined if none did. */
async function firstFailure(inserts: readonly Promise<void>[]): Promise<unknown> {
  for (const insert of inserts) {
    try {
      await insert;
    } catch (error) {
      return error;
    }
  }
  return undefined;
}

/**
 * Runs a write in one transaction: the state change and the events it announces commit
 * together or not at all. After a commit that recorded events, `onEventsCommitted` wakes
 * the relay (never before: an uncommitted row is invisible to it).
 */
export async function writeTransaction<T>(
  deps: ServiceDeps,
  origin: CallOrigin,
  work: (tx: Tx, events: EventRecorder) => Promise<T>,
): Promise<T> {
  const recorded: Subject[] = [];
  const inserts: Promise<void>[] = [];
  let result: T;
  try {
    result = await deps.db.transaction(async (tx) => {
      const events: EventRecorder = {
        async record(subject, data, time) {
          const { envelope, written } = sendEvent(tx, subject, data, time, origin);
          // Observed below, whatever becomes of the transaction.
          written.catch(() => {});
          inserts.push(written);
          recorded.push(subject);
          return envelope;
        },
      };
      return work(tx, events);
    });
  } catch (error) {
    // A failed insert aborted the transaction: a statement after it failed only because of it.
    throw (await firstFailure(inserts)) ?? error;
  }
  // The COMMIT of a transaction whose insert failed is answered with a rollback, not an error:
  // only the inserts' own answers say that the events, and so the change, were written.
  const failure = await firstFailure(inserts);
  if (failure !== undefined) throw failure;
  if (recorded.length > 0) deps.onEventsCommitted?.(recorded);
  return result;
}
