import { describe, expect, it } from "vitest";
import { catalog, SUBJECT_PATTERN, SUBJECTS } from "../src/catalog/index.js";
import {
  dataSchemaUri,
  EnvelopeAttributes,
  EXTENSION_ATTRIBUTES,
  EXTENSION_NAME_PATTERN,
  parseDataSchemaUri,
} from "../src/envelope.js";
import { SUBJECT_WILDCARD } from "../src/nats.js";
import { envelopeJsonSchema } from "../src/tooling/json-schema.js";

// CloudEvents 1.0: attribute names consist of lower-case letters and digits, at most 20 characters.
const CLOUDEVENTS_NAME = /^[a-z0-9]{1,20}$/;

describe("CloudEvents attribute naming", () => {
  it("every attribute of the envelope schema obeys it", () => {
    const names = Object.keys(envelopeJsonSchema().properties as object);
    expect(names.length).toBeGreaterThan(8);
    for (const name of names) expect(name).toMatch(CLOUDEVENTS_NAME);
    for (const name of Object.keys(EnvelopeAttributes.shape)) expect(name).toMatch(CLOUDEVENTS_NAME);
  });

  it("every extension name obeys it, and the exported pattern agrees", () => {
    for (const name of EXTENSION_ATTRIBUTES) {
      expect(name).toMatch(CLOUDEVENTS_NAME);
      expect(name).toMatch(EXTENSION_NAME_PATTERN);
      expect(Object.keys(EnvelopeAttributes.shape)).toContain(name);
    }
    expect("correlationId").not.toMatch(EXTENSION_NAME_PATTERN);
    expect("a".repeat(21)).not.toMatch(EXTENSION_NAME_PATTERN);
  });
});

describe("the catalog", () => {
  it("has the five v1 subjects", () => {
    expect(SUBJECTS).toEqual([
      "org.statehub.repo.registered",
      "org.statehub.workstream.completed",
      "org.statehub.decision.resolved",
      "org.statehub.domain.goal.activated",
      "org.statehub.task.stale",
    ]);
  });

  it.each(Object.entries(catalog))("%s: key equals subject, name fits the convention", (key, definition) => {
    expect(definition.subject).toBe(key);
    expect(key).toMatch(SUBJECT_PATTERN);
    expect(key.startsWith(SUBJECT_WILDCARD.slice(0, -1))).toBe(true);
    expect(Number.isInteger(definition.version) && definition.version >= 1).toBe(true);
    expect(definition.description.length).toBeGreaterThan(0);
    expect(definition.firesWhen.length).toBeGreaterThan(0);
    expect(parseDataSchemaUri(dataSchemaUri(key, definition.version))).toEqual({
      subject: key,
      version: definition.version,
    });
  });

  it("SUBJECT_PATTERN rejects names outside the convention", () => {
    for (const name of [
      "org.statehub.repo",
      "org.statehub.Repo.registered",
      "com.other.repo.registered",
      "org.statehub.a.b.c.d",
    ]) {
      expect(name).not.toMatch(SUBJECT_PATTERN);
    }
  });
});
