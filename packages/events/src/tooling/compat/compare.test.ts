import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../json-schema.js";
import { compareSchemas } from "./compare.js";

// A small published schema in the shape zod's toJSONSchema produces for the catalog.
const published: JsonSchema = {
  type: "object",
  properties: {
    id: { type: "string", format: "uuid" },
    name: { type: "string", minLength: 1, maxLength: 100 },
    url: { anyOf: [{ type: "string", maxLength: 2000 }, { type: "null" }] },
    status: { type: "string", enum: ["planned", "active", "blocked"] },
    days: { type: "integer", minimum: 1, maximum: 365 },
    note: { type: "string" },
    tags: { type: "array", items: { type: "string", maxLength: 20 } },
    owner: { type: "object", properties: { login: { type: "string" } }, required: ["login"] },
  },
  required: ["id", "name", "url", "status", "days", "tags", "owner"],
};

/** The published schema with one property replaced (or removed, when `property` is undefined). */
function withProperty(name: string, property: JsonSchema | undefined, required?: string[]): JsonSchema {
  const properties = { ...(published.properties as Record<string, JsonSchema>) };
  if (property === undefined) delete properties[name];
  else properties[name] = property;
  return { ...published, properties, required: required ?? (published.required as string[]) };
}

const rules = (current: JsonSchema) => compareSchemas(published, current).map((v) => `${v.path}:${v.rule}`);

describe("compareSchemas: compatible changes pass", () => {
  it.each<[string, JsonSchema]>([
    ["identical", published],
    ["new optional field", withProperty("extra", { type: "string" })],
    [
      "description and title changes",
      withProperty("name", { ...prop("name"), description: "reworded", title: "Name" }),
    ],
    ["type widened to a union", withProperty("note", { type: ["string", "number"] })],
    ["nullable added", withProperty("name", { anyOf: [prop("name"), { type: "null" }] })],
    ["integer widened to number", withProperty("days", { type: "number", minimum: 1, maximum: 365 })],
    [
      "enum value added",
      withProperty("status", { type: "string", enum: ["planned", "active", "blocked", "done"] }),
    ],
    ["enum dropped entirely", withProperty("status", { type: "string" })],
    ["bounds relaxed", withProperty("days", { type: "integer", minimum: 0 })],
    ["maxLength relaxed", withProperty("name", { type: "string", minLength: 1, maxLength: 500 })],
    ["format dropped", withProperty("id", { type: "string" })],
    [
      "nested optional field added",
      withProperty("owner", {
        ...prop("owner"),
        properties: { login: { type: "string" }, name: { type: "string" } },
      }),
    ],
    ["array items widened", withProperty("tags", { type: "array", items: { type: "string" } })],
    ["additionalProperties: {} stated", { ...published, additionalProperties: {} }],
  ])("%s", (_label, current) => {
    expect(compareSchemas(published, current)).toEqual([]);
  });
});

describe("compareSchemas: breaking changes are reported with path and rule", () => {
  it.each<[string, JsonSchema, string[]]>([
    ["field removed", withProperty("note", undefined), ["note:field-removed"]],
    ["field renamed", renamed("name", "title"), ["name:field-removed", "title:required-field-added"]],
    [
      "new required field",
      { ...withProperty("extra", { type: "string" }), required: [...req(), "extra"] },
      ["extra:required-field-added"],
    ],
    [
      "optional field made required",
      { ...published, required: [...req(), "note"] },
      ["note:field-made-required"],
    ],
    [
      "required field made optional",
      { ...published, required: req().filter((n) => n !== "name") },
      ["name:field-made-optional"],
    ],
    ["type changed", withProperty("note", { type: "number" }), ["note:type-narrowed"]],
    ["type set reduced", withProperty("note", { type: "null" }), ["note:type-narrowed"]],
    ["nullable removed", withProperty("url", { type: "string", maxLength: 2000 }), ["url:nullable-removed"]],
    [
      "enum value removed",
      withProperty("status", { type: "string", enum: ["planned", "active"] }),
      ["status:enum-value-removed"],
    ],
    [
      "enum added to a free string",
      withProperty("note", { type: "string", enum: ["a"] }),
      ["note:enum-narrowed"],
    ],
    ["const added", withProperty("note", { type: "string", const: "x" }), ["note:enum-narrowed"]],
    [
      "minimum raised",
      withProperty("days", { type: "integer", minimum: 2, maximum: 365 }),
      ["days:constraint-tightened"],
    ],
    [
      "maximum lowered",
      withProperty("days", { type: "integer", minimum: 1, maximum: 30 }),
      ["days:constraint-tightened"],
    ],
    [
      "maxLength added",
      withProperty("note", { type: "string", maxLength: 10 }),
      ["note:constraint-tightened"],
    ],
    [
      "minLength raised",
      withProperty("name", { type: "string", minLength: 2, maxLength: 100 }),
      ["name:constraint-tightened"],
    ],
    [
      "pattern added",
      withProperty("note", { type: "string", pattern: "^[a-z]+$" }),
      ["note:pattern-changed"],
    ],
    ["format added", withProperty("note", { type: "string", format: "email" }), ["note:format-changed"]],
    ["format changed", withProperty("id", { type: "string", format: "uri" }), ["id:format-changed"]],
    [
      "nested field removed",
      withProperty("owner", { type: "object", properties: {} }),
      ["owner.login:field-removed"],
    ],
    [
      "array items narrowed",
      withProperty("tags", { type: "array", items: { type: "string", maxLength: 5 } }),
      ["tags[]:constraint-tightened"],
    ],
    ["unknown keys closed", { ...published, additionalProperties: false }, [":additional-properties-closed"]],
    [
      "unmodelled keyword changed",
      withProperty("note", { type: "string", not: { const: "" } }),
      ["note:keyword-changed"],
    ],
  ])("%s", (_label, current, expected) => {
    expect(rules(current)).toEqual(expected);
  });

  it("says number -> integer is a narrowing", () => {
    const numberSchema: JsonSchema = { type: "object", properties: { n: { type: "number" } } };
    const integerSchema: JsonSchema = { type: "object", properties: { n: { type: "integer" } } };
    expect(compareSchemas(numberSchema, integerSchema).map((v) => v.rule)).toEqual(["type-narrowed"]);
    expect(compareSchemas(integerSchema, numberSchema)).toEqual([]);
  });

  it("explains each violation in words", () => {
    const [violation] = compareSchemas(published, withProperty("url", { type: "string" }));
    expect(violation).toEqual({
      path: "url",
      rule: "nullable-removed",
      message: "accepted null, now accepts only string",
    });
  });

  it("explains the field rules in words", () => {
    const messages = (current: JsonSchema) =>
      compareSchemas(published, current).map((v) => `${v.path}: ${v.message}`);
    expect(messages({ ...published, required: req().filter((n) => n !== "name") })).toEqual([
      "name: required field became optional",
    ]);
    expect(messages({ ...published, required: [...req(), "note"] })).toEqual([
      "note: optional field became required",
    ]);
    expect(messages({ ...withProperty("extra", { type: "string" }), required: [...req(), "extra"] })).toEqual(
      ["extra: new field is required (add it as optional)"],
    );
  });

  it("resolves local $refs on both sides", () => {
    const withRef = (maxLength: number): JsonSchema => ({
      type: "object",
      $defs: { Name: { type: "string", maxLength } },
      properties: { name: { $ref: "#/$defs/Name" } },
      required: ["name"],
    });
    expect(compareSchemas(withRef(100), withRef(200))).toEqual([]);
    expect(compareSchemas(withRef(100), withRef(50)).map((v) => `${v.path}:${v.rule}`)).toEqual([
      "name:constraint-tightened",
    ]);
  });
});

function prop(name: string): JsonSchema {
  return (published.properties as Record<string, JsonSchema>)[name] as JsonSchema;
}

function req(): string[] {
  return published.required as string[];
}

function renamed(from: string, to: string): JsonSchema {
  const properties = Object.fromEntries(
    Object.entries(published.properties as Record<string, JsonSchema>).map(([name, schema]) => [
      name === from ? to : name,
      schema,
    ]),
  );
  return { ...published, properties, required: req().map((name) => (name === from ? to : name)) };
}
