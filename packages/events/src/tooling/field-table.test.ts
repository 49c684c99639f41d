import { describe, expect, it } from "vitest";
import { describeType, fieldRows } from "./field-table.js";

// The field tables of docs/nats-event-subjects.md: each JSON Schema shape in the words a reader sees.
describe("describeType", () => {
  it.each([
    [{ const: "x" }, '"x"'],
    [{ type: "string", enum: ["todo", "blocked"] }, '"todo" | "blocked"'],
    [{ type: "string", format: "uuid", pattern: "^x$", maxLength: 5 }, "string (uuid)"],
    [{ format: "date" }, "any (date)"],
    [{ type: "string" }, "string"],
    [{ type: "string", minLength: 1, maxLength: 500 }, "string, 1..500 chars"],
    [{ type: "string", maxLength: 2000 }, "string, ≤ 2000 chars"],
    [{ type: "string", minLength: 2 }, "string, ≥ 2 chars"],
    [{ type: "integer", minimum: 1, maximum: 3650 }, "integer, 1..3650"],
    [{ type: "integer", minimum: 1 }, "integer, ≥ 1"],
    [{ type: "number", maximum: 0.5 }, "number, ≤ 0.5"],
    [{ type: "integer", minimum: -9007199254740991, maximum: 9007199254740991 }, "integer"],
    [{ type: "integer", minimum: -9007199254740991, maximum: 10 }, "integer, -9007199254740991..10"],
    [{ type: "integer", minimum: 0, maximum: 9007199254740991 }, "integer, 0..9007199254740991"],
    [{ type: "string", pattern: "^[a-z]+$" }, "string, matching `^[a-z]+$`"],
    [{ type: "string", minLength: 1, maxLength: 64, pattern: "^a" }, "string, 1..64 chars, matching `^a`"],
    [{ type: ["string", "null"] }, "any"],
    [{ type: "string", minLength: "1", pattern: 7 }, "string"],
    [{ type: "string", maxLength: "9" }, "string"],
    [{ type: "integer", minimum: null, maximum: null }, "integer"],
  ])("%j -> %s", (schema, expected) => {
    expect(describeType(schema)).toBe(expected);
  });
});

describe("fieldRows", () => {
  it("one row per property, in order, with required, nullable and description", () => {
    expect(
      fieldRows({
        type: "object",
        properties: {
          a: { type: "string", description: "the a" },
          b: { anyOf: [{ type: "integer", minimum: 1, maximum: 5 }, { type: "null" }], description: "the b" },
          c: {},
          d: { anyOf: [{ type: "null" }] },
          e: { anyOf: [true, { type: "string" }, { type: "number" }], description: 7 },
          f: true,
        },
        required: ["a", "d", 3],
      }),
    ).toEqual([
      { name: "a", type: "string", required: true, nullable: false, description: "the a" },
      { name: "b", type: "integer, 1..5", required: false, nullable: true, description: "the b" },
      { name: "c", type: "any", required: false, nullable: false, description: "" },
      { name: "d", type: "any", required: true, nullable: true, description: "" },
      { name: "e", type: "string or number", required: false, nullable: false, description: "" },
      { name: "f", type: "any", required: false, nullable: false, description: "" },
    ]);
  });

  it("a schema without properties has no rows; a malformed `required` marks nothing required", () => {
    expect(fieldRows({ type: "object" })).toEqual([]);
    expect(fieldRows({ properties: [] })).toEqual([]);
    expect(fieldRows({ properties: null })).toEqual([]);
    expect(fieldRows({ properties: { a: null } })).toEqual([
      { name: "a", type: "any", required: false, nullable: false, description: "" },
    ]);
    expect(fieldRows({ properties: { a: { type: "string" } }, required: "a" })).toEqual([
      { name: "a", type: "string", required: false, nullable: false, description: "" },
    ]);
  });
});
