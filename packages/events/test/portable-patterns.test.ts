import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { JsonValue } from "../src/tooling/json-schema.js";
import { PACKAGE_DIR } from "../src/tooling/paths.js";
import { nonPortablePatternsInDirectory, patternsIn } from "../src/tooling/schema-patterns.js";

// Contract: every regular expression in the published schemas keeps to the portable subset JSON
// Schema recommends (src/tooling/portable-pattern.ts), so validators in any language can use them.
const SCHEMAS = join(PACKAGE_DIR, "schemas");
const readSchema = (file: string) => JSON.parse(readFileSync(join(SCHEMAS, file), "utf8")) as JsonValue;

describe("the committed schemas", () => {
  it("use only portable patterns", () => {
    expect(nonPortablePatternsInDirectory(SCHEMAS)).toEqual([]);
  });

  it("are all searched, envelope and data schemas, every pattern found", () => {
    expect(patternsIn(readSchema("envelope.json")).map((found) => found.path)).toEqual([
      "properties.id.pattern",
      "properties.type.pattern",
      "properties.time.pattern",
      "properties.dataschema.pattern",
    ]);
    expect(patternsIn(readSchema("org.statehub.task.stale/v1.json")).map((found) => found.path)).toEqual([
      "properties.taskId.pattern",
      "properties.workstreamId.pattern",
      "properties.lastUpdatedAt.pattern",
    ]);
  });
});

describe("the committed schemas in other languages' validators", () => {
  // Debian 12's python3-jsonschema (4.10) cannot resolve a fragment `$ref` ("#/$defs/…") inside
  // a schema whose `$id` is a urn: (Python's urljoin ignores urn bases); jsonschema 4.18+ can.
  // The schemas reference each other only through the envelope's `dataschema` value (an `$id`),
  // which python-jsonschema.test.ts checks. A schema that needs `$ref`s must first be checked there.
  it("hold no $ref", () => {
    const files = readdirSync(SCHEMAS, { recursive: true, encoding: "utf8" }).filter((f) =>
      f.endsWith(".json"),
    );
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) expect(readFileSync(join(SCHEMAS, file), "utf8"), file).not.toContain('"$ref"');
  });
});

describe("patternsIn", () => {
  it("takes only string `pattern` values, and walks keywords whose value is one schema", () => {
    expect(
      patternsIn({
        pattern: 7,
        items: { type: "string", pattern: "^a$" },
        not: { pattern: "^b$" },
        title: null,
        properties: null,
      }),
    ).toEqual([
      { path: "items.pattern", pattern: "^a$" },
      { path: "not.pattern", pattern: "^b$" },
    ]);
  });
});

describe("the check itself", () => {
  const directory = mkdtempSync(join(tmpdir(), "statehub-schemas-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("rejects a named group and a lookbehind, naming file, keyword path and construct", () => {
    mkdirSync(join(directory, "org.example.thing.done"));
    writeFileSync(
      join(directory, "org.example.thing.done", "v1.json"),
      JSON.stringify({
        type: "object",
        properties: {
          uri: { type: "string", pattern: "^urn:(?<kind>[a-z]+)$" },
          pattern: { type: "string", pattern: "^[a-z]+$" },
        },
      }),
    );
    writeFileSync(
      join(directory, "envelope.json"),
      JSON.stringify({
        type: "object",
        properties: { id: { anyOf: [{ type: "string", pattern: "(?<!x)y" }, { type: "null" }] } },
        patternProperties: { "^x-(?<name>.*)$": {} },
        examples: [{ pattern: "(?<=not a schema)" }],
      }),
    );
    writeFileSync(join(directory, "notes.txt"), "(?<ignored>)");
    writeFileSync(join(directory, "zz.json"), JSON.stringify({ pattern: "a\\d" }));

    expect(
      nonPortablePatternsInDirectory(directory).map(({ file, path, pattern, problem }) => ({
        file,
        path,
        pattern,
        construct: problem.construct,
      })),
    ).toEqual([
      {
        file: "envelope.json",
        path: "properties.id.anyOf[0].pattern",
        pattern: "(?<!x)y",
        construct: "(?<!",
      },
      { file: "envelope.json", path: "patternProperties", pattern: "^x-(?<name>.*)$", construct: "(?<name>" },
      {
        file: "org.example.thing.done/v1.json",
        path: "properties.uri.pattern",
        pattern: "^urn:(?<kind>[a-z]+)$",
        construct: "(?<kind>",
      },
      { file: "zz.json", path: "pattern", pattern: "a\\d", construct: "\\d" },
    ]);
  });
});
