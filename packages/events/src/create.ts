import { catalog, type EventData, type Subject } from "./catalog/index.js";
import { DATA_CONTENT_TYPE, DEFAULT_SOURCE, dataSchemaUri, type Envelope, SPEC_VERSION } from "./envelope.js";
import { ContractViolation } from "./errors.js";
import { uuidv7 } from "./uuidv7.js";

export interface EnvelopeMeta {
  /** Time of the state change (its commit time), not the time of publishing. */
  time: Date | string;
  /** URI-reference of the producing hub instance; defaults to `/statehub`. */
  source?: string;
  correlationId?: string;
  actor?: string;
  /** Supply to make creation deterministic (tests, replays); a fresh UUIDv7 otherwise. */
  id?: string;
}

/**
 * Builds a validated envelope. `data` is typed by `subject`, and checked at run time as well:
 * a producer bug surfaces here as a ContractViolation instead of as a bad message on the bus.
 */
export function createEnvelope<S extends Subject>(
  subject: S,
  data: EventData<S>,
  meta: EnvelopeMeta,
): Envelope<S> {
  const definition = catalog[subject];
  const parsed = definition.data.safeParse(data);
  if (!parsed.success) {
    throw new ContractViolation(subject, parsed.error);
  }
  const checked = parsed.data as EventData<S>;
  const time = meta.time instanceof Date ? meta.time.toISOString() : meta.time;
  const envelope = {
    specversion: SPEC_VERSION,
    id: meta.id ?? uuidv7(),
    source: meta.source ?? DEFAULT_SOURCE,
    type: subject,
    subject: (definition.entityId as (d: EventData<S>) => string)(checked),
    time,
    datacontenttype: DATA_CONTENT_TYPE,
    dataschema: dataSchemaUri(subject, definition.version),
    ...(meta.correlationId === undefined ? {} : { correlationid: meta.correlationId }),
    ...(meta.actor === undefined ? {} : { actor: meta.actor }),
    data: checked,
  };
  return envelope as unknown as Envelope<S>;
}
