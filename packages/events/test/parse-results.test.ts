import { describe, expect, it } from "vitest";
import { parseEnvelope } from "../src/parse.js";

// Exact parse results, written out: what a consumer logs and branches on (kind, message, issues)
// is part of the contract, so these are literals rather than values derived from the catalog.
const repoId = "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d12";
const repo = {
  specversion: "1.0",
  id: "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d99",
  source: "/statehub",
  type: "org.statehub.repo.registered",
  subject: repoId,
  time: "2026-01-02T03:04:05.000Z",
  datacontenttype: "application/json",
  dataschema: "urn:statehub:event:org.statehub.repo.registered:v1",
  data: { repoId, name: "org/service", domain: "platform", url: null, defaultBranch: "main" },
};
const failure = (kind: string, message: string, issues: { path: string; message: string }[] = []) => ({
  ok: false,
  error: { kind, message, issues },
});

describe("parseEnvelope: exact results", () => {
  it("a valid envelope, from an object, a string and bytes", () => {
    expect(parseEnvelope(repo)).toEqual({ ok: true, envelope: repo });
    expect(parseEnvelope(JSON.stringify(repo))).toEqual({ ok: true, envelope: repo });
    expect(parseEnvelope(new TextEncoder().encode(JSON.stringify(repo)))).toEqual({
      ok: true,
      envelope: repo,
    });
  });

  it("decodes multi-byte UTF-8 from a Uint8Array, a Buffer and an ArrayBuffer", () => {
    const envelope = { ...repo, data: { ...repo.data, name: "équipe/überservice-日本" } };
    const bytes = new TextEncoder().encode(JSON.stringify(envelope));
    expect(parseEnvelope(bytes)).toEqual({ ok: true, envelope });
    expect(parseEnvelope(Buffer.from(bytes))).toEqual({ ok: true, envelope });
    expect(parseEnvelope(bytes.slice().buffer)).toEqual({ ok: true, envelope });
  });

  it("refuses invalid UTF-8 even where a lossy decoder would produce valid JSON", () => {
    // `"actor":"a?b"` with the `?` byte replaced by 0xff: a replacement character would parse.
    const bytes = new TextEncoder().encode(JSON.stringify({ ...repo, actor: "a?b" }));
    bytes[bytes.indexOf(0x3f)] = 0xff;
    const expected = failure("invalid_json", "payload is not valid UTF-8");
    expect(parseEnvelope(bytes)).toEqual(expected);
    expect(parseEnvelope(Buffer.from(bytes))).toEqual(expected);
    expect(parseEnvelope(bytes.slice().buffer)).toEqual(expected);
  });

  it("text that is not JSON", () => {
    const result = parseEnvelope('{"specversion":');
    expect(result).toMatchObject(failure("invalid_json", expect.stringMatching(/^payload is not JSON: ./)));
  });

  it.each([
    ["[]", "envelope must be a JSON object, got array"],
    ["null", "envelope must be a JSON object, got object"],
    ["42", "envelope must be a JSON object, got number"],
    ['"text"', "envelope must be a JSON object, got string"],
    ["true", "envelope must be a JSON object, got boolean"],
  ])("%s is not an object", (input, message) => {
    expect(parseEnvelope(input)).toEqual(failure("not_an_object", message));
  });

  it("a non-JSON value that is not an object", () => {
    expect(parseEnvelope(undefined)).toEqual(
      failure("not_an_object", "envelope must be a JSON object, got undefined"),
    );
    expect(parseEnvelope([repo])).toEqual(
      failure("not_an_object", "envelope must be a JSON object, got array"),
    );
  });

  it("one malformed attribute", () => {
    expect(parseEnvelope({ ...repo, time: "yesterday" })).toEqual(
      failure("invalid_envelope", "invalid envelope: time: Invalid ISO datetime", [
        { path: "time", message: "Invalid ISO datetime" },
      ]),
    );
  });

  it("several malformed attributes, each named, joined with `; `", () => {
    expect(parseEnvelope({ ...repo, id: "0190A6B4-8F5E-7C3A-9B1D-2F4E6A8C0D99", type: "repo" })).toEqual(
      failure(
        "invalid_envelope",
        "invalid envelope: id: must be a lowercase UUIDv7; type: must be a subject org.statehub.{noun}.{verb}",
        [
          { path: "id", message: "must be a lowercase UUIDv7" },
          { path: "type", message: "must be a subject org.statehub.{noun}.{verb}" },
        ],
      ),
    );
  });

  it("a dataschema that is not a statehub URN", () => {
    expect(
      parseEnvelope({ ...repo, dataschema: "urn:statehub:event:org.statehub.repo.registered:v0" }),
    ).toEqual(
      failure(
        "invalid_envelope",
        "invalid envelope: dataschema: must be urn:statehub:event:{subject}:v{major}",
        [{ path: "dataschema", message: "must be urn:statehub:event:{subject}:v{major}" }],
      ),
    );
  });

  it("a subject outside the catalog", () => {
    const type = "org.statehub.repo.deleted";
    expect(parseEnvelope({ ...repo, type, dataschema: `urn:statehub:event:${type}:v1` })).toEqual(
      failure("unknown_subject", "unknown subject org.statehub.repo.deleted", [
        { path: "type", message: "not in the catalog" },
      ]),
    );
  });

  it("a dataschema naming another subject", () => {
    expect(parseEnvelope({ ...repo, dataschema: "urn:statehub:event:org.statehub.task.stale:v1" })).toEqual(
      failure("invalid_envelope", "dataschema does not name org.statehub.repo.registered", [
        { path: "dataschema", message: "must name the subject org.statehub.repo.registered" },
      ]),
    );
  });

  it("a version this consumer does not know", () => {
    expect(
      parseEnvelope({ ...repo, dataschema: "urn:statehub:event:org.statehub.repo.registered:v12" }),
    ).toEqual(
      failure(
        "unsupported_version",
        "org.statehub.repo.registered v12 is not supported (this consumer knows v1)",
        [{ path: "dataschema", message: "version 12 is not supported" }],
      ),
    );
  });

  it("no data member at all", () => {
    const { data: _data, ...withoutData } = repo;
    expect(parseEnvelope(withoutData)).toEqual(
      failure("invalid_data", "org.statehub.repo.registered envelope has no data", [
        { path: "data", message: "required" },
      ]),
    );
  });

  it("data that does not fit, naming the data field", () => {
    expect(parseEnvelope({ ...repo, data: { ...repo.data, repoId: "r-1" } })).toEqual(
      failure("invalid_data", "data does not fit org.statehub.repo.registered: data.repoId: Invalid UUID", [
        { path: "data.repoId", message: "Invalid UUID" },
      ]),
    );
  });

  it("data that is not an object is named as `data`", () => {
    const result = parseEnvelope({ ...repo, data: null });
    expect(result).toMatchObject({ ok: false, error: { kind: "invalid_data", issues: [{ path: "data" }] } });
  });

  it("unknown attributes are kept, unknown data fields dropped", () => {
    const result = parseEnvelope({ ...repo, traceparent: "00-x", data: { ...repo.data, topics: ["a"] } });
    expect(result).toEqual({ ok: true, envelope: { ...repo, traceparent: "00-x" } });
  });

  it("an input whose reading throws is not_an_object, with the thrown message", () => {
    const throwing = (thrown: unknown) =>
      Object.defineProperty({ ...repo }, "type", {
        enumerable: true,
        get() {
          throw thrown;
        },
      });
    expect(parseEnvelope(throwing(new Error("boom")))).toEqual(
      failure("not_an_object", "input could not be read: boom"),
    );
    expect(parseEnvelope(throwing("plain string"))).toEqual(
      failure("not_an_object", "input could not be read: plain string"),
    );
  });
});
