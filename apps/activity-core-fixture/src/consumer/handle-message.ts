import type { JsMsg } from "@nats-io/jetstream";
import { parseEnvelope } from "@statehub/events";
import type { Logger } from "pino";
import { tasksForEvent } from "../activity/for-event.js";
import type { LoadedDefinition } from "../definitions/load.js";
import type { InsertOutcome, IssueCoreStore } from "../issue-core/store.js";
import type { Metrics } from "../metrics.js";
import { summarize } from "./handlers.js";

interface MessageHandlerDeps {
  definitions: readonly LoadedDefinition[];
  store: IssueCoreStore;
  metrics: Metrics;
  logger: Logger;
  clock: () => Date;
  /** Delay before a failed message is redelivered, from its delivery count (1 on first delivery). */
  retryDelayMs: (deliveryCount: number) => number;
}

/** Exponential backoff with a ceiling: a database outage is retried, never given up on. */
export function exponentialBackoff(baseMs: number, maxMs: number): (deliveryCount: number) => number {
  return (deliveryCount) => Math.min(maxMs, baseMs * 2 ** Math.max(0, deliveryCount - 1));
}

function terminate(m: JsMsg, deps: MessageHandlerDeps, kind: string, reason: string): void {
  deps.metrics.invalid.inc({ kind });
  // Logged here only: term() means the server never redelivers it, so this is the one time.
  deps.logger.warn({ seq: m.seq, natsSubject: m.subject, kind, reason }, "invalid message terminated");
  // No reason argument: nats-server 2.9 does not know `+TERM <reason>`, takes it for no ack at
  // all and redelivers the message after ack_wait, forever. The log line carries the reason.
  m.term();
}

/**
 * One message: parse, run the matching definitions, store their tasks, then ack. Invalid
 * messages are terminated (no redelivery loop); a storage failure is nak'd with a delay so the
 * message comes back later. The ack is sent only after the tasks are committed.
 */
export async function handleMessage(m: JsMsg, deps: MessageHandlerDeps): Promise<void> {
  deps.metrics.consumed.inc();
  const parsed = parseEnvelope(m.data);
  if (!parsed.ok) {
    terminate(m, deps, parsed.error.kind, parsed.error.message);
    return;
  }
  const envelope = parsed.envelope;
  if (envelope.type !== m.subject) {
    terminate(m, deps, "subject_mismatch", `envelope type ${envelope.type} was published on ${m.subject}`);
    return;
  }

  const summary = summarize(envelope);
  const { tasks, failures } = tasksForEvent(envelope, envelope.subject, deps.definitions, deps.clock());
  for (const failure of failures) {
    deps.metrics.failed.inc();
    // Rendering is deterministic: redelivery would fail the same way, so the other
    // definitions' tasks are kept and this one is reported.
    deps.logger.error(
      {
        eventId: envelope.id,
        definitionId: failure.definitionId,
        source: failure.source,
        err: failure.error.message,
      },
      "definition failed for event",
    );
  }

  let outcome: InsertOutcome;
  try {
    outcome = await deps.store.insertTasks(tasks);
  } catch (error) {
    deps.metrics.failed.inc();
    const delayMs = deps.retryDelayMs(m.info.deliveryCount);
    deps.logger.warn(
      {
        eventId: envelope.id,
        deliveryCount: m.info.deliveryCount,
        retryInMs: delayMs,
        err: (error as Error).message,
      },
      "storing tasks failed; message will be redelivered",
    );
    m.nak(delayMs);
    return;
  }
  // Acked only now that the tasks are committed: a crash before this line means a redelivery,
  // which the unique (definition, event id) turns into duplicates skipped.
  m.ack();
  deps.metrics.acted.inc(outcome.created);
  deps.metrics.duplicatesSkipped.inc(outcome.duplicates);
  deps.logger.info(
    { eventId: envelope.id, type: envelope.type, about: summary.label, ...outcome },
    outcome.created > 0 ? "tasks created" : "event handled",
  );
}
