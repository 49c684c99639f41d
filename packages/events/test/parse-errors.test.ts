import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SUBJECTS, type Subject } from "../src/catalog/index.js";
import { dataSchemaUri } from "../src/envelope.js";
import { type ParseResult, parseEnvelope } from "../src/parse.js";
import { requiredDataFields, sampleEnvelope, subjectArbitrary } from "./fixtures.js";

const REQUIRED_ATTRIBUTES = [
  "specversion",
  "id",
  "source",
  "type",
  "subject",
  "time",
  "datacontenttype",
  "dataschema",
] as const;
const DEFINED_ATTRIBUTES = new Set<string>([...REQUIRED_ATTRIBUTES, "correlationid", "actor", "data"]);

/** A value of the wrong JSON type for an attribute (every required attribute is a string). */
const mistyped = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
);

const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

function errorOf(result: ParseResult) {
  if (result.ok) throw new Error(`expected a parse error, got ok for ${JSON.stringify(result.envelope)}`);
  return result.error;
}

describe("a required attribute removed or mistyped", () => {
  it.each(REQUIRED_ATTRIBUTES)("missing %s: invalid_envelope naming it", (attribute) => {
    fc.assert(
      fc.property(subjectArbitrary, (subject) => {
        const { [attribute]: _removed, ...rest } = asJson(sampleEnvelope(subject));
        const error = errorOf(parseEnvelope(JSON.stringify(rest)));
        expect(error.kind).toBe("invalid_envelope");
        expect(error.issues.map((issue) => issue.path)).toContain(attribute);
        expect(error.message).toContain(attribute);
      }),
      { numRuns: 20 },
    );
  });

  it("any required attribute with a mistyped value: invalid_envelope naming it", () => {
    fc.assert(
      fc.property(
        subjectArbitrary,
        fc.constantFrom(...REQUIRED_ATTRIBUTES),
        mistyped,
        (subject, attribute, value) => {
          const envelope = { ...asJson(sampleEnvelope(subject)), [attribute]: value };
          const error = errorOf(parseEnvelope(JSON.stringify(envelope)));
          expect(error.kind).toBe("invalid_envelope");
          expect(error.issues.map((issue) => issue.path)).toContain(attribute);
        },
      ),
    );
  });

  it("a missing data member: invalid_data naming data", () => {
    const { data: _data, ...rest } = asJson(sampleEnvelope("org.statehub.task.stale"));
    const error = errorOf(parseEnvelope(rest));
    expect(error).toMatchObject({ kind: "invalid_data", issues: [{ path: "data" }] });
  });
});

describe("data that does not fit its subject", () => {
  const cases = SUBJECTS.flatMap((subject) =>
    requiredDataFields(subject).map((field) => [subject, field] as const),
  );

  it.each(cases)("%s without %s: invalid_data naming data.<field>", (subject, field) => {
    const envelope = asJson(sampleEnvelope(subject));
    const { [field]: _removed, ...data } = envelope.data as Record<string, unknown>;
    const error = errorOf(parseEnvelope({ ...envelope, data }));
    expect(error.kind).toBe("invalid_data");
    expect(error.issues.map((issue) => issue.path)).toEqual([`data.${field}`]);
  });

  it("covers every subject's required fields", () => {
    for (const subject of SUBJECTS) expect(requiredDataFields(subject).length).toBeGreaterThan(0);
  });
});

describe("unknown keys are tolerated", () => {
  const unknownKey = fc.string({ minLength: 1, maxLength: 30 }).filter((key) => !DEFINED_ATTRIBUTES.has(key));

  it("unknown top-level attributes: accepted and kept", () => {
    fc.assert(
      fc.property(
        subjectArbitrary,
        fc.dictionary(unknownKey, fc.jsonValue(), { maxKeys: 4 }),
        (subject, extra) => {
          const envelope = sampleEnvelope(subject);
          const result = parseEnvelope(JSON.stringify({ ...extra, ...envelope }));
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          expect(result.envelope).toMatchObject(asJson(envelope));
          for (const key of Object.keys(extra)) expect(Object.hasOwn(result.envelope, key)).toBe(true);
        },
      ),
    );
  });

  it("unknown data fields: accepted, and dropped from the typed data", () => {
    fc.assert(
      fc.property(
        subjectArbitrary,
        fc.dictionary(unknownKey, fc.jsonValue(), { maxKeys: 4 }),
        (subject, extra) => {
          const envelope = asJson(sampleEnvelope(subject));
          const data = envelope.data as Record<string, unknown>;
          const fresh = Object.fromEntries(
            Object.entries(extra).filter(([key]) => !Object.hasOwn(data, key)),
          );
          const result = parseEnvelope(JSON.stringify({ ...envelope, data: { ...fresh, ...data } }));
          expect(result).toEqual({ ok: true, envelope });
        },
      ),
    );
  });
});

describe("subjects and versions the consumer does not know", () => {
  const base = () => asJson(sampleEnvelope("org.statehub.repo.registered"));

  it("an unknown subject is unknown_subject", () => {
    const type = "org.statehub.repo.deleted";
    const error = errorOf(parseEnvelope({ ...base(), type, dataschema: dataSchemaUri(type, 1) }));
    expect(error).toMatchObject({ kind: "unknown_subject", issues: [{ path: "type" }] });
  });

  it.each([2, 3, 99])("dataschema v%i of a known subject is unsupported_version", (version) => {
    const subject: Subject = "org.statehub.repo.registered";
    const error = errorOf(parseEnvelope({ ...base(), dataschema: dataSchemaUri(subject, version) }));
    expect(error).toMatchObject({ kind: "unsupported_version", issues: [{ path: "dataschema" }] });
  });

  it("a dataschema naming another subject is invalid_envelope", () => {
    const error = errorOf(
      parseEnvelope({ ...base(), dataschema: dataSchemaUri("org.statehub.task.stale", 1) }),
    );
    expect(error).toMatchObject({ kind: "invalid_envelope", issues: [{ path: "dataschema" }] });
  });
});

describe("payloads that are not an envelope", () => {
  it("invalid UTF-8 bytes are invalid_json", () => {
    const text = JSON.stringify(sampleEnvelope("org.statehub.repo.registered"));
    const bytes = new Uint8Array([...new TextEncoder().encode(text.slice(0, 20)), 0xff, 0xfe, 0xc3]);
    expect(errorOf(parseEnvelope(bytes)).kind).toBe("invalid_json");
    expect(errorOf(parseEnvelope(new Uint8Array([0xc3, 0x28]))).kind).toBe("invalid_json");
  });

  it.each([
    ["{", "invalid_json"],
    ["", "invalid_json"],
    ["[]", "not_an_object"],
    ["null", "not_an_object"],
    ["42", "not_an_object"],
    ['"text"', "not_an_object"],
    ["{}", "invalid_envelope"],
  ])("%j is %s", (input, kind) => {
    expect(errorOf(parseEnvelope(input)).kind).toBe(kind);
  });
});
