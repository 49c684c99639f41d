import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ParseErrorKind, type ParseResult, parseEnvelope } from "../src/parse.js";

const KINDS: ParseErrorKind[] = [
  "invalid_json",
  "not_an_object",
  "invalid_envelope",
  "unknown_subject",
  "unsupported_version",
  "invalid_data",
];

// `ok: false` with a known kind, a message, and issues that are (path, message) pairs.
function expectRejected(result: ParseResult): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(KINDS).toContain(result.error.kind);
  expect(typeof result.error.message).toBe("string");
  for (const issue of result.error.issues) {
    expect(typeof issue.path).toBe("string");
    expect(typeof issue.message).toBe("string");
  }
}

describe("parseEnvelope never throws", () => {
  it("on arbitrary JSON values", () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => expectRejected(parseEnvelope(value))));
  });

  it("on arbitrary JSON text", () => {
    fc.assert(fc.property(fc.json(), (text) => expectRejected(parseEnvelope(text))));
  });

  it("on arbitrary strings (any UTF-16 code units, lone surrogates included)", () => {
    // Built from code units rather than fc.string({ unit: "binary" }), whose generator alone
    // took seconds per 100 runs and timed the test out on a loaded CI machine.
    const anyText = fc
      .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 64 })
      .map((units) => String.fromCharCode(...units));
    fc.assert(fc.property(anyText, (text) => expectRejected(parseEnvelope(text))));
    fc.assert(fc.property(fc.string(), (text) => expectRejected(parseEnvelope(text))));
  });

  it("on arbitrary byte arrays", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => expectRejected(parseEnvelope(bytes))),
    );
  });

  it("on arbitrary JavaScript values (functions, symbols, maps, null prototypes)", () => {
    fc.assert(
      fc.property(fc.anything({ withMap: true, withSet: true, withNullPrototype: true }), (value) =>
        expectRejected(parseEnvelope(value)),
      ),
    );
  });

  it("on objects whose getters throw", () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("boom");
        },
        has() {
          throw new Error("boom");
        },
      },
    );
    expectRejected(parseEnvelope(hostile));
    expectRejected(parseEnvelope(undefined));
    expectRejected(parseEnvelope(Symbol("x")));
  });
});
