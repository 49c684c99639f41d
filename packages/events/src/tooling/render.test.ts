import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineEvent } from "../catalog/define.js";
import type { EventDefinition } from "../catalog/index.js";
import { buildAsyncApi, renderAsyncApi } from "./asyncapi.js";
import { dataJsonSchema, envelopeJsonSchema, type JsonSchema } from "./json-schema.js";
import { renderSubjectsDoc } from "./markdown.js";

// A stand-in catalog entry: what the generators write for it must not move with the real catalog.
const thing: EventDefinition = defineEvent({
  subject: "org.statehub.thing.done",
  version: 1,
  description: "A thing\nwas done | twice",
  firesWhen: "it happened",
  data: z.object({ label: z.string().default("none"), point: z.tuple([z.number(), z.number()]) }),
  entityId: (data) => data.label,
});

describe("dataJsonSchema", () => {
  it("describes what a producer may send (the input): a field with a default is optional; tuples in 2020-12 words", () => {
    expect(dataJsonSchema(thing)).toEqual({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: "urn:statehub:event:org.statehub.thing.done:v1",
      title: "org.statehub.thing.done v1",
      description: "A thing\nwas done | twice",
      type: "object",
      properties: {
        label: { default: "none", type: "string" },
        point: {
          type: "array",
          prefixItems: [{ type: "number" }, { type: "number" }],
          items: false,
          minItems: 2,
          maxItems: 2,
        },
      },
      required: ["point"],
    });
  });
});

describe("envelopeJsonSchema", () => {
  it("names the envelope and says where `data` is specified", () => {
    expect(envelopeJsonSchema()).toMatchObject({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: "urn:statehub:envelope",
      title: "statehub event envelope",
      description:
        "A CloudEvents 1.0 structured-mode JSON event. `data` fits the JSON Schema whose $id is the `dataschema` attribute.",
    });
  });
});

describe("renderSubjectsDoc", () => {
  it("keeps a table row on one line: a newline in a cell becomes a space, a pipe is escaped", () => {
    const doc = renderSubjectsDoc([{ definition: thing, schema: {}, publishedVersions: [1] }], {});
    expect(doc.split("\n")).toContain(
      "| [`org.statehub.thing.done`](#orgstatehubthingdone) | v1      | A thing was done \\| twice | it happened    | [v1](../packages/events/schemas/org.statehub.thing.done/v1.json) |",
    );
  });
});

describe("renderAsyncApi", () => {
  it("holds the envelope and each data schema as components, without their dialect and id", () => {
    const envelope: JsonSchema = { $schema: "dialect", $id: "urn:statehub:envelope", type: "object" };
    const schema: JsonSchema = { $schema: "dialect", $id: "urn:x", type: "object", properties: {} };
    const document = buildAsyncApi({ subjects: [{ definition: thing, schema }], envelope, version: "1.0.0" });
    expect(document.components).toMatchObject({
      schemas: {
        envelope: { type: "object" },
        "org.statehub.thing.done.v1": { type: "object", properties: {} },
      },
    });
    expect(Object.keys((document.components as { schemas: JsonSchema }).schemas)).toEqual([
      "envelope",
      "org.statehub.thing.done.v1",
    ]);
  });

  it("spells out a schema object used twice instead of a YAML alias", () => {
    const text: JsonSchema = { type: "string" };
    const schema: JsonSchema = { type: "object", properties: { a: text, b: text } };
    const yaml = renderAsyncApi({
      subjects: [{ definition: thing, schema }],
      envelope: {},
      version: "1.0.0",
    });
    expect(yaml).not.toMatch(/[&*]a1/);
    expect(yaml).toContain(
      [
        "    org.statehub.thing.done.v1:",
        "      type: object",
        "      properties:",
        "        a:",
        "          type: string",
        "        b:",
        "          type: string",
      ].join("\n"),
    );
  });
});
