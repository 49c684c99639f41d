export { SLUG_MAX, SLUG_PATTERN } from "./catalog/fields.js";
export {
  type Catalog,
  catalog,
  definitionOf,
  type EventData,
  type EventDefinition,
  isSubject,
  SUBJECT_PATTERN,
  SUBJECTS,
  type Subject,
  type SubjectName,
} from "./catalog/index.js";
export { createEnvelope, type EnvelopeMeta } from "./create.js";
export {
  type AnyEnvelope,
  DATA_CONTENT_TYPE,
  DEFAULT_SOURCE,
  dataSchemaUri,
  type Envelope,
  EnvelopeAttributes,
  EXTENSION_ATTRIBUTES,
  EXTENSION_NAME_PATTERN,
  parseDataSchemaUri,
  SPEC_VERSION,
} from "./envelope.js";
export { ContractViolation, type FieldIssue } from "./errors.js";
export {
  DEFAULT_STREAM_NAME,
  DUPLICATE_WINDOW_MS,
  DUPLICATE_WINDOW_NS,
  encodeEnvelope,
  NATS_MSG_ID_HEADER,
  natsHeadersFor,
  natsMsgId,
  SUBJECT_WILDCARD,
} from "./nats.js";
export { type ParseError, type ParseErrorKind, type ParseResult, parseEnvelope } from "./parse.js";
export * from "./statuses.js";
export { UUID_V7_PATTERN, uuidv7 } from "./uuidv7.js";
