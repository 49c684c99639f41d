import type { JsonSchema, JsonValue } from "../json-schema.js";
import { canonicalPattern } from "./pattern-spelling.js";
import type { CompatRule, Violation } from "./violation.js";

/**
 * Lists every way `current` fails to be a backward-compatible successor of `published`.
 *
 * Compatible means: every value the published schema accepts is still accepted (so a consumer
 * built on the current schema reads every event already on the stream), and every field the
 * published schema defines is still defined and still always present (so a consumer built on the
 * published schema still finds what it reads). Additive optional changes pass: a new optional
 * field, a widened type, a relaxed bound, a new enum value.
 *
 * Where the answer cannot be proved (a changed regex, an unknown keyword), it reports a
 * violation: a false alarm costs a version bump, a missed break costs a consumer outage.
 */
export function compareSchemas(published: JsonSchema, current: JsonSchema): Violation[] {
  const context: Context = { oldRoot: published, newRoot: current, depth: 0 };
  return compareNode(published, current, "", context);
}

interface Context {
  oldRoot: JsonSchema;
  newRoot: JsonSchema;
  depth: number;
}

type Kind = "string" | "number" | "integer" | "boolean" | "null" | "object" | "array" | "any";
interface Branch {
  kind: Kind;
  schema: JsonSchema;
}

const KINDS = new Set<Kind>(["string", "number", "integer", "boolean", "null", "object", "array"]);
const ANNOTATIONS = new Set([
  "$schema",
  "$id",
  "$comment",
  "$defs",
  "definitions",
  "title",
  "description",
  "examples",
  "default",
  "deprecated",
  "readOnly",
  "writeOnly",
]);
const LOWER_BOUNDS = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"] as const;
const UPPER_BOUNDS = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"] as const;
const HANDLED = new Set<string>([
  ...LOWER_BOUNDS,
  ...UPPER_BOUNDS,
  "type",
  "anyOf",
  "oneOf",
  "enum",
  "const",
  "pattern",
  "format",
  "multipleOf",
  "uniqueItems",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "$ref",
]);
// A cycle through $ref would otherwise recurse forever; real contracts are far shallower.
const MAX_DEPTH = 64;

function compareNode(oldNode: JsonValue, newNode: JsonValue, path: string, context: Context): Violation[] {
  if (context.depth > MAX_DEPTH) return [];
  const inner: Context = { ...context, depth: context.depth + 1 };
  const oldBranches = branchesOf(oldNode, context.oldRoot);
  const newBranches = branchesOf(newNode, context.newRoot);
  const violations: Violation[] = [];
  for (const oldBranch of oldBranches) {
    violations.push(...compareToAlternatives(oldBranch, newBranches, path, inner));
  }
  return violations;
}

/** An old branch is fine when at least one new branch of a compatible kind accepts all it did. */
function compareToAlternatives(
  old: Branch,
  candidates: Branch[],
  path: string,
  context: Context,
): Violation[] {
  const compatible = candidates.filter((candidate) => accepts(candidate.kind, old.kind));
  if (compatible.length === 0) {
    const rule: CompatRule = old.kind === "null" ? "nullable-removed" : "type-narrowed";
    const accepted = candidates.map((candidate) => candidate.kind).join(" | ") || "nothing";
    return [violation(path, rule, `accepted ${old.kind}, now accepts only ${accepted}`)];
  }
  let firstFailure: Violation[] | undefined;
  for (const candidate of compatible) {
    const found = compareBranch(old, candidate, path, context);
    if (found.length === 0) return [];
    firstFailure ??= found;
  }
  return firstFailure ?? [];
}

function accepts(newKind: Kind, oldKind: Kind): boolean {
  return newKind === "any" || newKind === oldKind || (newKind === "number" && oldKind === "integer");
}

function compareBranch(old: Branch, current: Branch, path: string, context: Context): Violation[] {
  const a = old.schema;
  const b = current.schema;
  const found: Violation[] = [
    ...compareValueSets(a, b, path),
    ...compareBounds(a, b, path),
    ...compareStringRules(a, b, path),
  ];
  if (couldBe("object", old.kind) && couldBe("object", current.kind)) {
    found.push(...compareObjects(a, b, path, context));
  }
  if (couldBe("array", old.kind) && couldBe("array", current.kind)) {
    found.push(...compareArrays(a, b, path, context));
  }
  found.push(...compareUnknownKeywords(a, b, path));
  return found;
}

function compareValueSets(a: JsonSchema, b: JsonSchema, path: string): Violation[] {
  const oldValues = allowedValues(a);
  const newValues = allowedValues(b);
  if (newValues === undefined) return [];
  if (oldValues === undefined) {
    return [violation(path, "enum-narrowed", `now restricted to ${newValues.map(show).join(", ")}`)];
  }
  const kept = new Set(newValues.map(show));
  return oldValues
    .filter((value) => !kept.has(show(value)))
    .map((value) => violation(path, "enum-value-removed", `value ${show(value)} is no longer accepted`));
}

function allowedValues(schema: JsonSchema): JsonValue[] | undefined {
  if (schema.const !== undefined) return [schema.const];
  return Array.isArray(schema.enum) ? schema.enum : undefined;
}

function compareBounds(a: JsonSchema, b: JsonSchema, path: string): Violation[] {
  const found: Violation[] = [];
  for (const key of LOWER_BOUNDS) {
    const before = numberOrUndefined(a[key]);
    const after = numberOrUndefined(b[key]);
    if (after !== undefined && (before === undefined || after > before)) {
      found.push(violation(path, "constraint-tightened", `${key} ${describeChange(before, after)}`));
    }
  }
  for (const key of UPPER_BOUNDS) {
    const before = numberOrUndefined(a[key]);
    const after = numberOrUndefined(b[key]);
    if (after !== undefined && (before === undefined || after < before)) {
      found.push(violation(path, "constraint-tightened", `${key} ${describeChange(before, after)}`));
    }
  }
  const oldStep = numberOrUndefined(a.multipleOf);
  const newStep = numberOrUndefined(b.multipleOf);
  if (newStep !== undefined && (oldStep === undefined || oldStep % newStep !== 0)) {
    found.push(violation(path, "constraint-tightened", `multipleOf ${describeChange(oldStep, newStep)}`));
  }
  if (b.uniqueItems === true && a.uniqueItems !== true) {
    found.push(violation(path, "constraint-tightened", "items must now be unique"));
  }
  return found;
}

function compareStringRules(a: JsonSchema, b: JsonSchema, path: string): Violation[] {
  const found: Violation[] = [];
  // Whether one regex accepts everything another does is undecidable in general: any change
  // counts, except a respelling that provably accepts the same strings (canonicalPattern).
  if (b.pattern !== undefined && !samePattern(a.pattern, b.pattern)) {
    const rule: CompatRule = "pattern-changed";
    found.push(violation(path, rule, a.pattern === undefined ? "pattern added" : "pattern changed"));
  }
  if (b.format !== undefined && b.format !== a.format) {
    found.push(violation(path, "format-changed", `format ${describeChange(a.format, b.format)}`));
  }
  return found;
}

function samePattern(before: JsonValue | undefined, after: JsonValue): boolean {
  if (typeof before !== "string" || typeof after !== "string") return before === after;
  return canonicalPattern(before) === canonicalPattern(after);
}

function compareObjects(a: JsonSchema, b: JsonSchema, path: string, context: Context): Violation[] {
  const found: Violation[] = [];
  const oldProperties = objectOrEmpty(a.properties);
  const newProperties = objectOrEmpty(b.properties);
  const oldRequired = new Set(stringsOf(a.required));
  const newRequired = new Set(stringsOf(b.required));

  for (const [name, oldProperty] of Object.entries(oldProperties)) {
    const newProperty = newProperties[name];
    const fieldPath = join(path, name);
    if (newProperty === undefined) {
      found.push(violation(fieldPath, "field-removed", "field removed or renamed"));
      continue;
    }
    found.push(...compareNode(oldProperty, newProperty, fieldPath, context));
    if (oldRequired.has(name) && !newRequired.has(name)) {
      // Consumers of the published version rely on a required field being there: optional is a
      // removal that happens only some of the time.
      found.push(violation(fieldPath, "field-made-optional", "required field became optional"));
    }
  }
  for (const name of newRequired) {
    if (oldRequired.has(name)) continue;
    const fieldPath = join(path, name);
    if (name in oldProperties) {
      found.push(violation(fieldPath, "field-made-required", "optional field became required"));
    } else {
      found.push(violation(fieldPath, "required-field-added", "new field is required (add it as optional)"));
    }
  }
  found.push(...compareAdditionalProperties(a.additionalProperties, b.additionalProperties, path, context));
  return found;
}

function compareAdditionalProperties(
  before: JsonValue | undefined,
  after: JsonValue | undefined,
  path: string,
  context: Context,
): Violation[] {
  if (after === false) {
    return before === false
      ? []
      : [violation(path, "additional-properties-closed", "unknown keys are no longer allowed")];
  }
  // No keyword and `true` mean what `{}` means (any value) and are compared like it: the values
  // stay accepted, but the fields a published value schema guaranteed are no longer guaranteed.
  const was = before === undefined ? true : before;
  const is = after === undefined ? true : after;
  if (was === true && is === true) return [];
  return compareNode(was, is, join(path, "*"), context);
}

function compareArrays(a: JsonSchema, b: JsonSchema, path: string, context: Context): Violation[] {
  if (b.items === undefined) return [];
  return compareNode(a.items ?? true, b.items, `${path}[]`, context);
}

/** Keywords this checker does not model: any change to them is treated as breaking. */
function compareUnknownKeywords(a: JsonSchema, b: JsonSchema, path: string): Violation[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const found: Violation[] = [];
  for (const key of [...keys].sort()) {
    if (HANDLED.has(key) || ANNOTATIONS.has(key)) continue;
    if (show(a[key] ?? null) !== show(b[key] ?? null)) {
      found.push(violation(path, "keyword-changed", `keyword ${key} changed (not provably compatible)`));
    }
  }
  return found;
}

/** Splits a schema into alternatives of one JSON type each (`type` arrays, anyOf/oneOf, enums). */
function branchesOf(node: JsonValue, root: JsonSchema, depth = 0): Branch[] {
  if (node === true) return [{ kind: "any", schema: {} }];
  if (!isObject(node)) return [];
  const schema = resolveRef(node, root);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives) && depth < MAX_DEPTH) {
    const { anyOf: _anyOf, oneOf: _oneOf, ...shared } = schema;
    return alternatives.flatMap((alternative) =>
      isObject(alternative)
        ? branchesOf({ ...shared, ...alternative }, root, depth + 1)
        : branchesOf(alternative, root, depth + 1),
    );
  }
  const { type, ...rest } = schema;
  const declared = (Array.isArray(type) ? type : type === undefined ? [] : [type]).filter(isKind);
  if (declared.length > 0) {
    return declared.map((kind) => ({ kind, schema: withValuesOfKind(rest, kind) }));
  }
  const values = allowedValues(schema);
  if (values !== undefined) {
    const kinds = [...new Set(values.map(kindOfValue))];
    return kinds.map((kind) => ({ kind, schema: withValuesOfKind(schema, kind) }));
  }
  return [{ kind: "any", schema }];
}

function withValuesOfKind(schema: JsonSchema, kind: Kind): JsonSchema {
  if (!Array.isArray(schema.enum)) return schema;
  return { ...schema, enum: schema.enum.filter((value) => accepts(kind, kindOfValue(value))) };
}

function resolveRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/")) return schema;
  let target: JsonValue | undefined = root;
  for (const segment of ref.slice(2).split("/")) {
    const key = segment.replaceAll("~1", "/").replaceAll("~0", "~");
    target = isObject(target) ? target[key] : undefined;
  }
  const { $ref: _ref, ...siblings } = schema;
  return isObject(target) ? { ...target, ...siblings } : schema;
}

function kindOfValue(value: JsonValue): Kind {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value as "string" | "boolean" | "object";
}

function couldBe(kind: Kind, actual: Kind): boolean {
  return actual === kind || actual === "any";
}

function isKind(value: JsonValue): value is Kind {
  return typeof value === "string" && KINDS.has(value as Kind);
}

function isObject(value: JsonValue | undefined): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function objectOrEmpty(value: JsonValue | undefined): { [key: string]: JsonValue } {
  return isObject(value) ? value : {};
}

function stringsOf(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function numberOrUndefined(value: JsonValue | undefined): number | undefined {
  return typeof value === "number" ? value : undefined;
}

function describeChange(before: JsonValue | undefined, after: JsonValue | undefined): string {
  return before === undefined
    ? `added (${show(after ?? null)})`
    : `${show(before)} -> ${show(after ?? null)}`;
}

function show(value: JsonValue): string {
  return JSON.stringify(value);
}

function join(path: string, name: string): string {
  return path === "" ? name : `${path}.${name}`;
}

function violation(path: string, rule: CompatRule, message: string): Violation {
  return { path, rule, message };
}
