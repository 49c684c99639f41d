import { catalog, type EventData, type Subject } from "./catalog/index.js";
import {
  DATA_CONTENT_TYPE,
  DEFAULT_SOURCE,
  dataSchemaUri,
  type Envelope,
  EnvelopeAttributes,
  SPEC_VERSION,
} from "./envelope.js";
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
  const envelope = {
    specversion: SPEC_VERSION,
    id: meta.id ?? uuidv7(),
    source: meta.source ?? DEFAULT_SOURCE,
    type: subject,
    subject: (definition.entityId as (d: EventData<S>) => string)(checked),
    time: rfc3339(meta.time),
    datacontenttype: DATA_CONTENT_TYPE,
    dataschema: dataSchemaUri(subject, definition.version),
    ...(meta.correlationId === undefined ? {} : { correlationid: meta.correlationId }),
    ...(meta.actor === undefined ? {} : { actor: meta.actor }),
    data: checked,
  };
  // The attributes come from the caller too (time, source, ids): check them with the same schema
  // consumers parse with, so that nothing this function returns is rejected downstream.
  const attributes = EnvelopeAttributes.safeParse(envelope);
  if (!attributes.success) {
    throw new ContractViolation(subject, attributes.error, "envelope");
  }
  return envelope as unknown as Envelope<S>;
}

// An invalid Date becomes "Invalid Date", which the attribute check below reports as `time`
// instead of toISOString's bare RangeError.
function rfc3339(time: Date | string): string {
  if (!(time instanceof Date)) return time;
  return Number.isNaN(time.getTime()) ? String(time) : time.toISOString();
}
