import { z } from "zod";
import { type EventData, SUBJECT_PATTERN, type Subject } from "./catalog/index.js";
import { rfc3339DateTime } from "./date-time.js";
import { UUID_V7_PATTERN } from "./uuidv7.js";

export const SPEC_VERSION = "1.0";
export const DATA_CONTENT_TYPE = "application/json";
export const DEFAULT_SOURCE = "/statehub";

/** URI naming a subject's data schema and its major version; also the `$id` of its JSON Schema. */
export function dataSchemaUri(subject: string, version: number): string {
  return `urn:statehub:event:${subject}:v${version}`;
}

// Plain groups, not named ones: this regex is published as the `pattern` of `dataschema`, and
// named groups are outside the portable subset (Python's `re` refuses `(?<name>…)`).
const DATA_SCHEMA_URI = /^urn:statehub:event:([a-z.]+):v([1-9][0-9]*)$/;

export function parseDataSchemaUri(uri: string): { subject: string; version: number } | undefined {
  const match = DATA_SCHEMA_URI.exec(uri);
  return match ? { subject: match[1] as string, version: Number(match[2]) } : undefined;
}

/**
 * The CloudEvents 1.0 attributes every statehub envelope carries. The object is loose on
 * purpose: a consumer on version N accepts an envelope from a later compatible producer that
 * added optional attributes. `data` is validated separately, against its subject's schema.
 */
const attributeShape = {
  specversion: z.literal(SPEC_VERSION).describe("CloudEvents spec version"),
  id: z
    .string()
    .regex(UUID_V7_PATTERN, "must be a lowercase UUIDv7")
    .describe("UUIDv7; also the Nats-Msg-Id"),
  source: z.string().min(1).max(1000).describe("URI-reference of the producing hub instance"),
  type: z
    .string()
    .regex(SUBJECT_PATTERN, "must be a subject org.statehub.{noun}.{verb}")
    .describe("the NATS subject"),
  subject: z.string().min(1).max(200).describe("id of the entity the event is about"),
  time: rfc3339DateTime().describe("RFC 3339 time of the state change (commit time)"),
  datacontenttype: z.literal(DATA_CONTENT_TYPE),
  dataschema: z
    .string()
    .regex(DATA_SCHEMA_URI, "must be urn:statehub:event:{subject}:v{major}")
    .describe("URI of the data schema and its major version"),
  correlationid: z.string().min(1).max(200).optional().describe("correlates events caused by one request"),
  actor: z.string().min(1).max(200).optional().describe("name of the API token that caused the change"),
};

export const EnvelopeAttributes = z.looseObject(attributeShape);

// The static type names only the defined attributes (no index signature), so that
// `Omit`/`Pick` over envelopes keep their fields' types.
const DefinedAttributes = z.object(attributeShape);
export type EnvelopeAttributes = z.output<typeof DefinedAttributes>;

/** The envelope of one subject; with a union of subjects, a union discriminated on `type`. */
export type Envelope<S extends Subject = Subject> = {
  [K in S]: Omit<EnvelopeAttributes, "type"> & { type: K; data: EventData<K> };
}[S];

/** Any envelope in the catalog: narrow it with `switch (envelope.type)`. */
export type AnyEnvelope = Envelope<Subject>;

/** CloudEvents extension attribute names: lowercase letters and digits only. */
export const EXTENSION_NAME_PATTERN = /^[a-z0-9]{1,20}$/;
export const EXTENSION_ATTRIBUTES = ["correlationid", "actor"] as const;
