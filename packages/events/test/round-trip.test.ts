import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SUBJECTS } from "../src/catalog/index.js";
import { createEnvelope } from "../src/create.js";
import { dataSchemaUri } from "../src/envelope.js";
import { ContractViolation } from "../src/errors.js";
import { encodeEnvelope, NATS_MSG_ID_HEADER, natsHeadersFor, natsMsgId } from "../src/nats.js";
import { parseEnvelope } from "../src/parse.js";
import { UUID_V7_PATTERN } from "../src/uuidv7.js";
import { metaArbitrary, sampleData, sampleEnvelope, subjectArbitrary } from "./fixtures.js";

const bytes = (text: string) => new TextEncoder().encode(text);

describe.each(SUBJECTS)("%s round trip", (subject) => {
  const envelope = sampleEnvelope(subject);

  it("create -> JSON string -> parse gives the same envelope", () => {
    expect(parseEnvelope(JSON.stringify(envelope))).toEqual({ ok: true, envelope });
  });

  it("parses the same from bytes (Uint8Array, Buffer, ArrayBuffer) and from an object", () => {
    const text = encodeEnvelope(envelope);
    expect(parseEnvelope(bytes(text))).toEqual({ ok: true, envelope });
    expect(parseEnvelope(Buffer.from(text))).toEqual({ ok: true, envelope });
    expect(parseEnvelope(bytes(text).buffer)).toEqual({ ok: true, envelope });
    expect(parseEnvelope(JSON.parse(text))).toEqual({ ok: true, envelope });
  });

  it("carries the CloudEvents attributes the contract promises", () => {
    expect(envelope).toMatchObject({
      specversion: "1.0",
      type: subject,
      datacontenttype: "application/json",
      dataschema: dataSchemaUri(subject, 1),
      source: "/statehub",
      actor: "ci",
      correlationid: "req-42",
      time: "2026-01-02T03:04:05.000Z",
    });
    expect(envelope.id).toMatch(UUID_V7_PATTERN);
    expect(envelope.data).toEqual(sampleData[subject]);
  });

  it("names the envelope id as the JetStream message id", () => {
    expect(natsMsgId(envelope)).toBe(envelope.id);
    expect(natsHeadersFor(envelope)).toEqual({ [NATS_MSG_ID_HEADER]: envelope.id });
    expect(NATS_MSG_ID_HEADER).toBe("Nats-Msg-Id");
  });
});

describe("round trip over any caller metadata", () => {
  it("holds for every subject, time, source, actor and correlation id", () => {
    fc.assert(
      fc.property(subjectArbitrary, metaArbitrary, (subject, meta) => {
        const envelope = sampleEnvelope(subject, meta);
        expect(parseEnvelope(bytes(encodeEnvelope(envelope)))).toEqual({ ok: true, envelope });
      }),
    );
  });
});

describe("createEnvelope refuses what consumers would reject", () => {
  it("throws ContractViolation naming the data field", () => {
    const bad = { ...sampleData["org.statehub.repo.registered"], repoId: "not-a-uuid" };
    expect(() => createEnvelope("org.statehub.repo.registered", bad, { time: new Date() })).toThrow(
      ContractViolation,
    );
    try {
      createEnvelope("org.statehub.repo.registered", bad, { time: new Date() });
    } catch (error) {
      expect((error as ContractViolation).issues.map((issue) => issue.path)).toEqual(["data.repoId"]);
    }
  });

  it.each([
    ["time", { time: "yesterday" }],
    ["time", { time: new Date(Number.NaN) }],
    ["source", { time: new Date(), source: "" }],
    ["id", { time: new Date(), id: "42" }],
    ["actor", { time: new Date(), actor: "" }],
  ])("throws ContractViolation naming the %s attribute", (attribute, meta) => {
    const data = sampleData["org.statehub.task.stale"];
    expect(() => createEnvelope("org.statehub.task.stale", data, meta)).toThrow(
      expect.objectContaining({
        name: "ContractViolation",
        issues: [expect.objectContaining({ path: attribute })],
      }),
    );
  });

  it("mints distinct, time-ordered UUIDv7 ids", () => {
    const first = sampleEnvelope("org.statehub.task.stale");
    const second = sampleEnvelope("org.statehub.task.stale");
    expect(first.id).not.toBe(second.id);
    expect(first.id < second.id).toBe(true);
  });
});
