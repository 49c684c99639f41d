import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { JsonSchema, JsonValue } from "./json-schema.js";
import { type NonPortable, nonPortableConstruct } from "./portable-pattern.js";

/** A regular expression in a schema: a `pattern` value or a `patternProperties` key. */
export interface SchemaPattern {
  /** Dotted path of the keyword, e.g. `properties.time.pattern`. */
  path: string;
  pattern: string;
}

export interface NonPortablePattern extends SchemaPattern {
  /** The schema file, relative to the directory searched (only from the directory walk). */
  file?: string;
  problem: NonPortable;
}

// Keywords whose children are named subschemas: a child called `pattern` or `const` there is a
// field name, not a keyword.
const SUBSCHEMA_MAPS = new Set([
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "dependentSchemas",
]);
// Keywords whose values are instances, not schemas: a `pattern` key inside them is data.
const INSTANCE_KEYWORDS = new Set(["const", "enum", "default", "examples"]);

/** Every regular expression in a schema, wherever it is nested. */
export function patternsIn(schema: JsonValue): SchemaPattern[] {
  const found: SchemaPattern[] = [];
  walk(schema, "", found);
  return found;
}

function walk(node: JsonValue, path: string, found: SchemaPattern[]): void {
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) walk(item, `${path}[${index}]`, found);
    return;
  }
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    const here = path === "" ? key : `${path}.${key}`;
    if (key === "pattern" && typeof value === "string") {
      found.push({ path: here, pattern: value });
    } else if (SUBSCHEMA_MAPS.has(key) && isObject(value)) {
      for (const [name, subschema] of Object.entries(value)) {
        if (key === "patternProperties") found.push({ path: here, pattern: name });
        walk(subschema, `${here}.${name}`, found);
      }
    } else if (!INSTANCE_KEYWORDS.has(key)) {
      walk(value, here, found);
    }
  }
}

/** The patterns of a schema that leave the portable subset (see portable-pattern.ts). */
export function nonPortablePatterns(schema: JsonValue): NonPortablePattern[] {
  return patternsIn(schema).flatMap((found) => {
    const problem = nonPortableConstruct(found.pattern);
    return problem === undefined ? [] : [{ ...found, problem }];
  });
}

/** Every `.json` schema under `directory` (recursively), checked; file paths use `/`. */
export function nonPortablePatternsInDirectory(directory: string): NonPortablePattern[] {
  return readdirSync(directory, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".json"))
    .sort()
    .flatMap((file) => {
      const schema = JSON.parse(readFileSync(join(directory, file), "utf8")) as JsonSchema;
      return nonPortablePatterns(schema).map((found) => ({ ...found, file: file.split("\\").join("/") }));
    });
}

function isObject(value: JsonValue): value is { [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
