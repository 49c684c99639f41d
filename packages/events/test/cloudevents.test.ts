import { CloudEvent } from "cloudevents";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SUBJECTS } from "../src/catalog/index.js";
import { encodeEnvelope } from "../src/nats.js";
import { metaArbitrary, sampleEnvelope, subjectArbitrary } from "./fixtures.js";

// The official SDK is a second opinion on the envelope: `new CloudEvent(attributes, true)` runs its
// strict validation and throws a ValidationError listing what is wrong.
function validateWithSdk(envelope: object): CloudEvent<unknown> {
  const event = new CloudEvent<unknown>(
    JSON.parse(JSON.stringify(envelope)) as ConstructorParameters<typeof CloudEvent<unknown>>[0],
    true,
  );
  expect(event.validate()).toBe(true);
  return event;
}

describe("CloudEvents SDK strict validation", () => {
  it.each(SUBJECTS)("accepts the %s envelope and reads the same attributes", (subject) => {
    const envelope = sampleEnvelope(subject);
    const event = validateWithSdk(envelope);
    expect(event.type).toBe(subject);
    expect(event.id).toBe(envelope.id);
    expect(event.dataschema).toBe(envelope.dataschema);
    expect(event.specversion).toBe("1.0");
    expect(event.actor).toBe("ci");
    expect(event.correlationid).toBe("req-42");
    expect(event.data).toEqual(envelope.data);
  });

  it("accepts every envelope createEnvelope can make (any subject, any caller metadata)", () => {
    fc.assert(
      fc.property(subjectArbitrary, metaArbitrary, (subject, meta) => {
        validateWithSdk(JSON.parse(encodeEnvelope(sampleEnvelope(subject, meta))) as object);
      }),
    );
  });

  it("is a real check: it rejects an envelope with a bad extension name", () => {
    const envelope = { ...sampleEnvelope("org.statehub.repo.registered"), "Bad-Name": "x" };
    expect(() => new CloudEvent(envelope, true)).toThrow();
  });
});
