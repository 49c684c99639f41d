import { catalog, isSubject } from "./catalog/index.js";
import { type AnyEnvelope, EnvelopeAttributes, parseDataSchemaUri } from "./envelope.js";
import { type FieldIssue, issuesOf } from "./errors.js";

export type ParseErrorKind =
  /** bytes that are not UTF-8, or text that is not JSON */
  | "invalid_json"
  /** JSON, but not an object */
  | "not_an_object"
  /** a CloudEvents attribute is missing or malformed */
  | "invalid_envelope"
  /** a well-formed envelope whose type is not in this catalog */
  | "unknown_subject"
  /** a known subject whose data schema major version this consumer does not know */
  | "unsupported_version"
  /** data does not fit the subject's schema */
  | "invalid_data";

export interface ParseError {
  kind: ParseErrorKind;
  message: string;
  issues: FieldIssue[];
}

export type ParseResult = { ok: true; envelope: AnyEnvelope } | { ok: false; error: ParseError };

const utf8 = new TextDecoder("utf-8", { fatal: true });

function fail(kind: ParseErrorKind, message: string, issues: FieldIssue[] = []): ParseResult {
  return { ok: false, error: { kind, message, issues } };
}

function toObject(input: unknown): { value: unknown } | ParseResult {
  if (input instanceof ArrayBuffer) return toObject(new Uint8Array(input));
  if (input instanceof Uint8Array) {
    let text: string;
    try {
      text = utf8.decode(input);
    } catch {
      return fail("invalid_json", "payload is not valid UTF-8");
    }
    return toObject(text);
  }
  if (typeof input === "string") {
    try {
      return { value: JSON.parse(input) };
    } catch (error) {
      return fail("invalid_json", `payload is not JSON: ${(error as Error).message}`);
    }
  }
  return { value: input };
}

function parseUnsafe(input: unknown): ParseResult {
  const decoded = toObject(input);
  if ("ok" in decoded) return decoded;
  const value = decoded.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail(
      "not_an_object",
      `envelope must be a JSON object, got ${Array.isArray(value) ? "array" : typeof value}`,
    );
  }

  const attributes = EnvelopeAttributes.safeParse(value);
  if (!attributes.success) {
    const issues = issuesOf(attributes.error);
    return fail("invalid_envelope", `invalid envelope: ${describe(issues)}`, issues);
  }
  const type = attributes.data.type;
  if (!isSubject(type)) {
    return fail("unknown_subject", `unknown subject ${type}`, [
      { path: "type", message: "not in the catalog" },
    ]);
  }
  const definition = catalog[type];
  const schema = parseDataSchemaUri(attributes.data.dataschema);
  if (schema?.subject !== type) {
    return fail("invalid_envelope", `dataschema does not name ${type}`, [
      { path: "dataschema", message: `must name the subject ${type}` },
    ]);
  }
  if (schema.version !== definition.version) {
    return fail(
      "unsupported_version",
      `${type} v${schema.version} is not supported (this consumer knows v${definition.version})`,
      [{ path: "dataschema", message: `version ${schema.version} is not supported` }],
    );
  }
  if (!("data" in value)) {
    return fail("invalid_data", `${type} envelope has no data`, [{ path: "data", message: "required" }]);
  }
  const data = definition.data.safeParse((value as { data: unknown }).data);
  if (!data.success) {
    const issues = issuesOf(data.error, "data");
    return fail("invalid_data", `data does not fit ${type}: ${describe(issues)}`, issues);
  }
  return { ok: true, envelope: { ...attributes.data, type, data: data.data } as AnyEnvelope };
}

function describe(issues: FieldIssue[]): string {
  return issues.map((issue) => `${issue.path || "(root)"}: ${issue.message}`).join("; ");
}

/**
 * Parses an envelope from an object, a JSON string or a NATS payload (bytes: Uint8Array, Buffer
 * or ArrayBuffer). Never throws:
 * every failure is a ParseError naming the field and the reason. Unknown attributes are kept
 * (a later compatible producer may add optional ones); unknown data fields are dropped.
 */
export function parseEnvelope(input: unknown): ParseResult {
  try {
    return parseUnsafe(input);
  } catch (error) {
    // Hostile inputs (throwing getters, proxies) must not escape as exceptions.
    return fail(
      "not_an_object",
      `input could not be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
