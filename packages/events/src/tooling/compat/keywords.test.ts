import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../json-schema.js";
import { compareSchemas } from "./compare.js";

// One case per JSON Schema keyword the checker says it handles (compare.ts), each with the
// answer the specification gives: does every value the published schema accepted still pass?
// Expected reports are written out as `path:rule:message`.

/** Compares `{ properties: { f: published } }` with `{ properties: { f: current } }`. */
function field(published: JsonSchema, current: JsonSchema): string[] {
  return compareSchemas(
    { type: "object", properties: { f: published } },
    { type: "object", properties: { f: current } },
  ).map((v) => `${v.path}:${v.rule}:${v.message}`);
}

describe("numeric and size bounds", () => {
  it.each([
    ["minimum", 1, 2, "number"],
    ["exclusiveMinimum", 1, 2, "number"],
    ["minLength", 1, 2, "string"],
    ["minItems", 1, 2, "array"],
    ["minProperties", 1, 2, "object"],
  ] as const)("%s: raised is a narrowing, kept or lowered or dropped is not", (keyword, low, high, type) => {
    expect(field({ type, [keyword]: low }, { type, [keyword]: high })).toEqual([
      `f:constraint-tightened:${keyword} ${low} -> ${high}`,
    ]);
    expect(field({ type }, { type, [keyword]: low })).toEqual([
      `f:constraint-tightened:${keyword} added (${low})`,
    ]);
    expect(field({ type, [keyword]: low }, { type, [keyword]: low })).toEqual([]);
    expect(field({ type, [keyword]: high }, { type, [keyword]: low })).toEqual([]);
    expect(field({ type, [keyword]: low }, { type })).toEqual([]);
  });

  it.each([
    ["maximum", 10, 9, "number"],
    ["exclusiveMaximum", 10, 9, "number"],
    ["maxLength", 10, 9, "string"],
    ["maxItems", 10, 9, "array"],
    ["maxProperties", 10, 9, "object"],
  ] as const)("%s: lowered is a narrowing, kept or raised or dropped is not", (keyword, high, low, type) => {
    expect(field({ type, [keyword]: high }, { type, [keyword]: low })).toEqual([
      `f:constraint-tightened:${keyword} ${high} -> ${low}`,
    ]);
    expect(field({ type }, { type, [keyword]: high })).toEqual([
      `f:constraint-tightened:${keyword} added (${high})`,
    ]);
    expect(field({ type, [keyword]: high }, { type, [keyword]: high })).toEqual([]);
    expect(field({ type, [keyword]: low }, { type, [keyword]: high })).toEqual([]);
    expect(field({ type, [keyword]: high }, { type })).toEqual([]);
  });

  it("ignores a bound that is not a number", () => {
    expect(field({ type: "string", maxLength: 10 }, { type: "string", maxLength: "5" })).toEqual([]);
  });
});

describe("multipleOf", () => {
  it.each([
    [undefined, 2, ["f:constraint-tightened:multipleOf added (2)"]],
    [2, 4, ["f:constraint-tightened:multipleOf 2 -> 4"]],
    [3, 2, ["f:constraint-tightened:multipleOf 3 -> 2"]],
    [4, 2, []],
    [2, 2, []],
    [0.5, 0.25, []],
    [2, undefined, []],
  ])("%s -> %s", (before, after, expected) => {
    const schema = (step: number | undefined): JsonSchema =>
      step === undefined ? { type: "number" } : { type: "number", multipleOf: step };
    expect(field(schema(before), schema(after))).toEqual(expected);
  });
});

describe("uniqueItems", () => {
  const list = (unique: boolean | undefined): JsonSchema =>
    unique === undefined ? { type: "array" } : { type: "array", uniqueItems: unique };
  it.each([
    [undefined, true, ["f:constraint-tightened:items must now be unique"]],
    [false, true, ["f:constraint-tightened:items must now be unique"]],
    [true, true, []],
    [true, false, []],
    [true, undefined, []],
    [undefined, false, []],
  ])("%s -> %s", (before, after, expected) => {
    expect(field(list(before), list(after))).toEqual(expected);
  });
});

describe("additionalProperties", () => {
  const object = (additional: JsonSchema | boolean | undefined): JsonSchema =>
    additional === undefined ? { type: "object" } : { type: "object", additionalProperties: additional };
  it.each<[JsonSchema | boolean | undefined, JsonSchema | boolean | undefined, string[]]>([
    [undefined, false, ["f:additional-properties-closed:unknown keys are no longer allowed"]],
    [true, false, ["f:additional-properties-closed:unknown keys are no longer allowed"]],
    [{}, false, ["f:additional-properties-closed:unknown keys are no longer allowed"]],
    [false, false, []],
    [false, undefined, []],
    [false, true, []],
    [undefined, true, []],
    [undefined, {}, []],
    [undefined, { type: "string" }, ["f.*:type-narrowed:accepted any, now accepts only string"]],
    [{ type: "string" }, { type: "string", maxLength: 5 }, ["f.*:constraint-tightened:maxLength added (5)"]],
    [{ type: "string" }, { type: ["string", "null"] }, []],
    [{ type: "string" }, undefined, []],
    // `true` and no keyword mean `{}`: every value is still accepted, but a field the published
    // value schema guaranteed is no longer there for a consumer that reads it.
    [
      { type: "object", properties: { x: { type: "string" } }, required: ["x"] },
      true,
      ["f.*.x:field-removed:field removed or renamed"],
    ],
    [
      { type: "object", properties: { x: { type: "string" } }, required: ["x"] },
      undefined,
      ["f.*.x:field-removed:field removed or renamed"],
    ],
    [
      { type: "object", properties: { x: { type: "string" } }, required: ["x"] },
      {},
      ["f.*.x:field-removed:field removed or renamed"],
    ],
  ])("%j -> %j", (before, after, expected) => {
    expect(field(object(before), object(after))).toEqual(expected);
  });
});

describe("const and enum", () => {
  it.each<[JsonSchema, JsonSchema, string[]]>([
    [{ type: "string" }, { type: "string", const: "x" }, ['f:enum-narrowed:now restricted to "x"']],
    [{ const: "x" }, { const: "y" }, ['f:enum-value-removed:value "x" is no longer accepted']],
    [{ const: "x" }, { enum: ["x", "y"] }, []],
    [{ enum: ["x", "y"] }, { const: "x" }, ['f:enum-value-removed:value "y" is no longer accepted']],
    [{ const: "x" }, { type: "string" }, []],
    [{ const: "x" }, {}, []],
    [{ const: 1 }, { const: 1.5 }, ["f:enum-value-removed:value 1 is no longer accepted"]],
    [{ const: { a: 1 } }, { const: { a: 1 } }, []],
    [{ const: { a: 1 } }, { const: { a: 2 } }, ['f:enum-value-removed:value {"a":1} is no longer accepted']],
    [{ const: null }, { type: "string" }, ["f:nullable-removed:accepted null, now accepts only string"]],
    [
      { type: "string", enum: ["a", "b"] },
      { type: "string", enum: ["b", "c"] },
      ['f:enum-value-removed:value "a" is no longer accepted'],
    ],
    [{ type: "string" }, { type: "string", enum: ["a"] }, ['f:enum-narrowed:now restricted to "a"']],
    [
      { type: "string" },
      { type: "string", enum: ["a", "b"] },
      ['f:enum-narrowed:now restricted to "a", "b"'],
    ],
  ])("%j -> %j", (before, after, expected) => {
    expect(field(before, after)).toEqual(expected);
  });

  it("mixed enums are compared kind by kind", () => {
    const mixed: JsonSchema = { enum: ["a", 1, null] };
    expect(field(mixed, { enum: [null, 1, "a", true] })).toEqual([]);
    expect(field(mixed, { enum: ["a", null] })).toEqual([
      "f:type-narrowed:accepted integer, now accepts only string | null",
    ]);
    expect(field(mixed, { enum: ["a", 2, null] })).toEqual([
      "f:enum-value-removed:value 1 is no longer accepted",
    ]);
    expect(field(mixed, { enum: ["b", 1, null] })).toEqual([
      'f:enum-value-removed:value "a" is no longer accepted',
    ]);
    expect(field(mixed, { enum: ["a", 1.5, 1, null] })).toEqual([]);
  });

  it("a typed union with an enum keeps each kind's own values", () => {
    const published: JsonSchema = { type: ["string", "null"], enum: ["a", null] };
    expect(field(published, { type: ["string", "null"], enum: ["a", null, "b"] })).toEqual([]);
    expect(field(published, { type: ["string", "null"], enum: ["a"] })).toEqual([
      "f:enum-value-removed:value null is no longer accepted",
    ]);
    expect(field({ type: "number", enum: [1, 2.5] }, { type: "number", enum: [2.5, 1] })).toEqual([]);
    expect(field({ type: "number", enum: [1, 2.5] }, { type: "number", enum: [2.5] })).toEqual([
      "f:enum-value-removed:value 1 is no longer accepted",
    ]);
  });
});

describe("type", () => {
  it.each<[JsonSchema, JsonSchema, string[]]>([
    [{ type: "string" }, { type: ["string", "number"] }, []],
    [{ type: "integer" }, { type: "number" }, []],
    [{ type: "number" }, { type: "integer" }, ["f:type-narrowed:accepted number, now accepts only integer"]],
    [{}, { type: "string" }, ["f:type-narrowed:accepted any, now accepts only string"]],
    [{ type: "string" }, {}, []],
    [{ type: "boolean" }, { type: "string" }, ["f:type-narrowed:accepted boolean, now accepts only string"]],
    [
      { type: ["string", "null"] },
      { type: "string" },
      ["f:nullable-removed:accepted null, now accepts only string"],
    ],
    [{ type: "array" }, { type: "object" }, ["f:type-narrowed:accepted array, now accepts only object"]],
    // Not a JSON Schema type name: it constrains nothing the checker can model.
    [{ type: "string" }, { type: "unknown-kind" }, []],
    // An array value is of kind array, not object.
    [{ enum: [[1, 2]] }, { type: "object" }, ["f:type-narrowed:accepted array, now accepts only object"]],
    [{ enum: [[1, 2]] }, { type: "array" }, []],
    // Object and array keywords constrain only objects and arrays: on a string they change nothing.
    [{ type: "string" }, { type: "string", required: ["a"], items: { type: "number" } }, []],
    [{ type: "string" }, { required: ["a"] }, []],
    [{ type: "string" }, { items: { type: "number" } }, []],
  ])("%j -> %j", (before, after, expected) => {
    expect(field(before, after)).toEqual(expected);
  });

  it("a schema that accepts nothing is reported as such", () => {
    expect(field({ type: "string" }, { anyOf: [] })).toEqual([
      "f:type-narrowed:accepted string, now accepts only nothing",
    ]);
    const nothing = compareSchemas(
      { type: "object", properties: { f: { type: "string" } } },
      { type: "object", properties: { f: false } },
    );
    expect(nothing.map((v) => `${v.path}:${v.rule}:${v.message}`)).toEqual([
      "f:type-narrowed:accepted string, now accepts only nothing",
    ]);
  });
});

describe("anyOf and oneOf", () => {
  const nullableString: JsonSchema = { anyOf: [{ type: "string" }, { type: "null" }] };
  it.each<[JsonSchema, JsonSchema, string[]]>([
    [nullableString, { oneOf: [{ type: "null" }, { type: "string" }] }, []],
    [{ type: "string" }, { anyOf: [{ type: "string", maxLength: 3 }, { type: "string" }] }, []],
    [
      { type: "string" },
      {
        anyOf: [
          { type: "string", maxLength: 3 },
          { type: "string", minLength: 1 },
        ],
      },
      ["f:constraint-tightened:maxLength added (3)"],
    ],
    [
      { anyOf: [{ type: "string", maxLength: 5 }, { type: "integer" }] },
      { anyOf: [{ type: "string", maxLength: 3 }, { type: "integer" }] },
      ["f:constraint-tightened:maxLength 5 -> 3"],
    ],
    [nullableString, { type: "string" }, ["f:nullable-removed:accepted null, now accepts only string"]],
    [
      { description: "shared", maxLength: 5, anyOf: [{ type: "string" }] },
      { type: "string", maxLength: 5 },
      [],
    ],
    [
      { anyOf: [{ type: "string" }] },
      { maxLength: 4, anyOf: [{ type: "string" }] },
      ["f:constraint-tightened:maxLength added (4)"],
    ],
    [{ anyOf: [true] }, { type: "string" }, ["f:type-narrowed:accepted any, now accepts only string"]],
  ])("%j -> %j", (before, after, expected) => {
    expect(field(before, after)).toEqual(expected);
  });
});

describe("pattern and format", () => {
  it.each<[JsonSchema, JsonSchema, string[]]>([
    [{ type: "string" }, { type: "string", pattern: "^a$" }, ["f:pattern-changed:pattern added"]],
    [
      { type: "string", pattern: "^a$" },
      { type: "string", pattern: "^b$" },
      ["f:pattern-changed:pattern changed"],
    ],
    [{ type: "string", pattern: "^a$" }, { type: "string", pattern: "^a$" }, []],
    [{ type: "string", pattern: "^a$" }, { type: "string" }, []],
    [{ type: "string", pattern: "^(?<x>a)\\d$" }, { type: "string", pattern: "^(a)[0-9]$" }, []],
    [{ type: "string", pattern: "^(?:a|b)$" }, { type: "string", pattern: "^(a|b)$" }, []],
    [
      { type: "string", pattern: "^(?:a)(b)\\1$" },
      { type: "string", pattern: "^(a)(b)\\1$" },
      ["f:pattern-changed:pattern changed"],
    ],
    [
      { type: "string", pattern: "^\\d$" },
      { type: "string", pattern: "^[0-8]$" },
      ["f:pattern-changed:pattern changed"],
    ],
    [{ type: "string", pattern: 1 }, { type: "string", pattern: 1 }, []],
    [{ type: "string", pattern: 1 }, { type: "string", pattern: "1" }, ["f:pattern-changed:pattern changed"]],
    [{ type: "string", pattern: "" }, { type: "string", pattern: 1 }, ["f:pattern-changed:pattern changed"]],
    [{ type: "string" }, { type: "string", format: "email" }, ['f:format-changed:format added ("email")']],
    [
      { type: "string", format: "uuid" },
      { type: "string", format: "uri" },
      ['f:format-changed:format "uuid" -> "uri"'],
    ],
    [{ type: "string", format: "uuid" }, { type: "string", format: "uuid" }, []],
    [{ type: "string", format: "uuid" }, { type: "string" }, []],
  ])("%j -> %j", (before, after, expected) => {
    expect(field(before, after)).toEqual(expected);
  });
});

describe("properties, required, items", () => {
  it("compares properties even without `type: object`", () => {
    expect(
      compareSchemas(
        { properties: { a: { type: "string" } } },
        { properties: { a: { type: "number" } } },
      ).map((v) => `${v.path}:${v.rule}`),
    ).toEqual(["a:type-narrowed"]);
  });

  it("compares nested objects with dotted paths", () => {
    const nested = (inner: JsonSchema): JsonSchema => ({
      type: "object",
      properties: { outer: { type: "object", properties: { inner }, required: ["inner"] } },
    });
    expect(
      compareSchemas(nested({ type: "string" }), nested({ type: "string", maxLength: 1 })).map(
        (v) => `${v.path}:${v.rule}`,
      ),
    ).toEqual(["outer.inner:constraint-tightened"]);
  });

  it("items: added is a narrowing, dropped or widened is not", () => {
    expect(field({ type: "array" }, { type: "array", items: { type: "string" } })).toEqual([
      "f[]:type-narrowed:accepted any, now accepts only string",
    ]);
    expect(field({ type: "array", items: { type: "string" } }, { type: "array" })).toEqual([]);
    expect(
      field({ type: "array", items: { type: "integer" } }, { type: "array", items: { type: "number" } }),
    ).toEqual([]);
  });

  it("ignores `required` entries that are not strings", () => {
    expect(
      compareSchemas(
        { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
        { type: "object", properties: { a: { type: "string" } }, required: ["a", 7] },
      ),
    ).toEqual([]);
  });

  it("a non-object `properties` counts as none", () => {
    expect(compareSchemas({ type: "object", properties: [] }, { type: "object", properties: "x" })).toEqual(
      [],
    );
    expect(
      compareSchemas({ type: "object", properties: null }, { type: "object", properties: null }),
    ).toEqual([]);
  });

  it("a property whose schema is not a schema (null) or is `false` accepted nothing: any successor passes", () => {
    expect(compareSchemas({ properties: { a: null } }, { properties: { a: null } })).toEqual([]);
    expect(compareSchemas({ properties: { a: false } }, { properties: { a: { type: "string" } } })).toEqual(
      [],
    );
    expect(compareSchemas({ properties: { a: false } }, { properties: { a: {} } })).toEqual([]);
  });
});

describe("$ref", () => {
  const withDefs = (name: JsonSchema, ref = "#/$defs/Name"): JsonSchema => ({
    type: "object",
    $defs: { Name: name, "a/b~c": name },
    properties: { name: { $ref: ref } },
  });

  it("follows local refs, including ~1 and ~0 escapes", () => {
    expect(
      compareSchemas(withDefs({ type: "string" }), withDefs({ type: "string", maxLength: 3 })).length,
    ).toBe(1);
    expect(
      compareSchemas(
        withDefs({ type: "string" }, "#/$defs/a~1b~0c"),
        withDefs({ type: "string", maxLength: 3 }, "#/$defs/a~1b~0c"),
      ).map((v) => `${v.path}:${v.message}`),
    ).toEqual(["name:maxLength added (3)"]);
  });

  it("a ref's siblings apply over its target", () => {
    const published = withDefs({ type: "string", maxLength: 10 });
    const current: JsonSchema = {
      ...published,
      properties: { name: { $ref: "#/$defs/Name", maxLength: 5 } },
    };
    expect(compareSchemas(published, current).map((v) => `${v.path}:${v.message}`)).toEqual([
      "name:maxLength 10 -> 5",
    ]);
  });

  it("a ref that is not a local pointer is not looked up locally, whatever it spells", () => {
    const remote = (a: JsonSchema): JsonSchema => ({
      type: "object",
      $defs: { Name: { type: "string" } },
      properties: { a },
    });
    expect(
      compareSchemas(remote({ $ref: "x:$defs/Name" }), remote({ type: "number" })).map((v) => v.message),
    ).toEqual(["accepted any, now accepts only number"]);
  });

  it("a ref it cannot follow (remote, or missing) is compared as written", () => {
    const remote = (ref: string): JsonSchema => ({ type: "object", properties: { a: { $ref: ref } } });
    expect(compareSchemas(remote("https://example.org/s"), remote("https://example.org/s"))).toEqual([]);
    expect(compareSchemas(remote("#/$defs/Missing"), remote("#/$defs/Missing"))).toEqual([]);
    expect(
      compareSchemas(remote("https://example.org/s"), {
        type: "object",
        properties: { a: { type: "string" } },
      }).map((v) => `${v.path}:${v.rule}`),
    ).toEqual(["a:type-narrowed"]);
  });

  it("a recursive schema terminates (the depth guard), and a change inside it is still found", () => {
    const tree = (label: JsonSchema): JsonSchema => ({
      $ref: "#/$defs/Node",
      $defs: {
        Node: { type: "object", properties: { label, next: { $ref: "#/$defs/Node" } } },
      },
    });
    expect(compareSchemas(tree({ type: "string" }), tree({ type: "string" }))).toEqual([]);
    const paths = compareSchemas(tree({ type: "string" }), tree({ type: "string", maxLength: 3 })).map(
      (v) => v.path,
    );
    expect(paths.slice(0, 3)).toEqual(["label", "next.label", "next.next.label"]);
    // The guard stops 64 levels down: one report per level above it.
    expect(paths).toHaveLength(64);
    expect(paths.at(-1)).toBe(`${"next.".repeat(63)}label`);
  });

  it("a union that refers to itself terminates", () => {
    const loop: JsonSchema = {
      $defs: { A: { anyOf: [{ $ref: "#/$defs/A" }, { type: "string" }] } },
      properties: { a: { $ref: "#/$defs/A" } },
    };
    expect(compareSchemas(loop, loop)).toEqual([]);
  });
});

describe("annotations and keywords it does not model", () => {
  it.each([
    "$schema",
    "$id",
    "$comment",
    "title",
    "description",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
  ])("a change to %s is not a break", (keyword) => {
    expect(field({ type: "string", [keyword]: "before" }, { type: "string", [keyword]: "after" })).toEqual(
      [],
    );
  });

  it("$defs and definitions are not compared by themselves (only through $ref)", () => {
    expect(
      compareSchemas(
        { type: "object", $defs: { A: { type: "string" } }, definitions: { B: { type: "string" } } },
        { type: "object", $defs: { A: { type: "number" } }, definitions: { B: { type: "number" } } },
      ),
    ).toEqual([]);
  });

  it("any change to an unmodelled keyword is a break, sorted by keyword; unchanged ones pass", () => {
    expect(
      field(
        { type: "string", not: { const: "" }, contains: { type: "string" } },
        { type: "string", not: { const: "x" }, contains: { type: "number" } },
      ),
    ).toEqual([
      "f:keyword-changed:keyword contains changed (not provably compatible)",
      "f:keyword-changed:keyword not changed (not provably compatible)",
    ]);
    expect(field({ type: "string", not: { const: "" } }, { type: "string", not: { const: "" } })).toEqual([]);
    expect(field({ type: "string" }, { type: "string", if: { const: "" } })).toEqual([
      "f:keyword-changed:keyword if changed (not provably compatible)",
    ]);
  });
});
