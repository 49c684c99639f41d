import type { Tx } from "@statehub/db";
import type { Envelope, EventData, Subject } from "@statehub/events";
import type { CallOrigin, ServiceDeps } from "../services/deps.js";
import { recordEvent } from "./record-event.js";

/** Records events inside the surrounding transaction, with the caller's origin. */
export interface EventRecorder {
  record<S extends Subject>(subject: S, data: EventData<S>, time: Date): Promise<Envelope<S>>;
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
  const result = await deps.db.transaction(async (tx) => {
    const events: EventRecorder = {
      async record(subject, data, time) {
        const envelope = await recordEvent(tx, subject, data, time, origin);
        recorded.push(subject);
        return envelope;
      },
    };
    return work(tx, events);
  });
  if (recorded.length > 0) deps.onEventsCommitted?.(recorded);
  return result;
}
