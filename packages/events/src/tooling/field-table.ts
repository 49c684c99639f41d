import type { JsonSchema, JsonValue } from "./json-schema.js";

export interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  nullable: boolean;
  description: string;
}

/** One row per property of an object schema, in declaration order, in words a reader can scan. */
export function fieldRows(schema: JsonSchema): FieldRow[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.entries(properties).map(([name, property]) => {
    const node = isObject(property) ? property : {};
    const alternatives = Array.isArray(node.anyOf) ? node.anyOf.filter(isObject) : [node];
    const nonNull = alternatives.filter((alternative) => alternative.type !== "null");
    return {
      name,
      type: nonNull.map(describeType).join(" or ") || "any",
      required: required.has(name),
      nullable: nonNull.length < alternatives.length,
      description: typeof node.description === "string" ? node.description : "",
    };
  });
}

/** e.g. `string (uuid)`, `string, 1..500 chars`, `"todo" \| "blocked"`, `integer 1..3650`. */
export function describeType(schema: JsonSchema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  const type = typeof schema.type === "string" ? schema.type : "any";
  const details: string[] = [];
  if (typeof schema.format === "string") {
    // The format says it all; zod's accompanying regex only repeats it.
    return `${type} (${schema.format})`;
  }
  const lengths = range(schema.minLength, schema.maxLength);
  if (lengths) details.push(`${lengths} chars`);
  const values = range(schema.minimum, schema.maximum);
  if (values && !isSafeIntegerRange(schema)) details.push(values);
  if (typeof schema.pattern === "string") details.push(`matching \`${schema.pattern}\``);
  return [type, ...details].join(", ");
}

function range(min: JsonValue | undefined, max: JsonValue | undefined): string | undefined {
  const low = typeof min === "number" ? min : undefined;
  const high = typeof max === "number" ? max : undefined;
  if (low === undefined && high === undefined) return undefined;
  if (low === undefined) return `≤ ${high}`;
  if (high === undefined) return `≥ ${low}`;
  return `${low}..${high}`;
}

// z.int() spells out the safe-integer bounds; they are noise in a table.
function isSafeIntegerRange(schema: JsonSchema): boolean {
  return schema.minimum === Number.MIN_SAFE_INTEGER && schema.maximum === Number.MAX_SAFE_INTEGER;
}

function isObject(value: JsonValue | undefined): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
