import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { requireService } from "@statehub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUBJECTS } from "../src/catalog/index.js";
import { parseEnvelope } from "../src/parse.js";
import type { JsonValue } from "../src/tooling/json-schema.js";
import { PACKAGE_DIR } from "../src/tooling/paths.js";
import { patternsIn } from "../src/tooling/schema-patterns.js";
import { sampleEnvelope } from "./fixtures.js";

// The published schemas are for every language: a validator that is not JavaScript (Python's
// `jsonschema`, Debian's python3-jsonschema in CI) must accept every sample envelope and reject
// the invalid ones, reaching each data schema through `$ref` by the `$id` that `dataschema` names.
const PYTHON = "python3";
const SCRIPT = fileURLToPath(new URL("./python/validate_samples.py", import.meta.url));
const SCHEMAS = join(PACKAGE_DIR, "schemas");

function pythonWithJsonschema(): string | undefined {
  const probe = spawnSync(PYTHON, ["-c", "import jsonschema"], { encoding: "utf8" });
  if (probe.error) return `${PYTHON} not found on PATH (${probe.error.message})`;
  if (probe.status !== 0) {
    const why = probe.stderr.trim().split("\n").at(-1) || `exit status ${probe.status}`;
    return `${PYTHON} cannot import jsonschema (${why}); install it: apt-get install python3-jsonschema`;
  }
  return undefined;
}

const missing = pythonWithJsonschema();
const available = requireService("python3 with jsonschema", missing === undefined, missing ?? "");

interface Sample {
  label: string;
  envelope: Record<string, unknown>;
}

/** Invalid envelopes, each with the field both validators must name. */
function invalidSamples(): (Sample & { field: string })[] {
  const repo = sampleEnvelope("org.statehub.repo.registered") as unknown as Record<string, unknown>;
  const data = repo.data as Record<string, unknown>;
  const { specversion: _specversion, ...withoutSpecversion } = repo;
  const { name: _name, ...dataWithoutName } = data;
  return [
    {
      label: "time on Feb 29 of a common year",
      field: "time",
      envelope: { ...repo, time: "2023-02-29T00:00:00Z" },
    },
    { label: "time without an offset", field: "time", envelope: { ...repo, time: "2023-03-01T00:00:00" } },
    {
      label: "dataschema not a statehub URN",
      field: "dataschema",
      envelope: { ...repo, dataschema: "urn:statehub:event:Org.Statehub:v1" },
    },
    {
      label: "id an uppercase UUID",
      field: "id",
      envelope: { ...repo, id: (repo.id as string).toUpperCase() },
    },
    {
      label: "type outside the subject convention",
      field: "type",
      envelope: { ...repo, type: "org.statehub.Repo.x" },
    },
    { label: "specversion missing", field: "(root)", envelope: withoutSpecversion },
    {
      label: "data.repoId not a UUID",
      field: "data.repoId",
      envelope: { ...repo, data: { ...data, repoId: "r-1" } },
    },
    {
      label: "data.domain not a slug",
      field: "data.domain",
      envelope: { ...repo, data: { ...data, domain: "Ops" } },
    },
    { label: "data missing a required field", field: "data", envelope: { ...repo, data: dataWithoutName } },
  ];
}

function validSamples(): Sample[] {
  return [
    ...SUBJECTS.map((subject) => ({
      label: `${subject} sample`,
      envelope: sampleEnvelope(subject) as unknown as Record<string, unknown>,
    })),
    {
      label: "task.stale without optional extensions, offset time",
      envelope: sampleEnvelope("org.statehub.task.stale", {
        time: "2024-02-29T23:59:59.5-05:30",
      }) as unknown as Record<string, unknown>,
    },
  ];
}

interface PythonReport {
  jsonschema: string;
  schemas: number;
  patterns: number;
  results: { label: string; errors: string[] }[];
}

// One Python process for every sample (starting Python and importing jsonschema is most of the
// cost): the cases below each read their part of its report.
const valid = validSamples();
const invalid = invalidSamples();
const task = sampleEnvelope("org.statehub.task.stale") as unknown as Record<string, unknown>;
const dataschemaCases: Sample[] = [
  {
    label: "repo data under a task.stale dataschema",
    envelope: { ...task, data: sampleEnvelope("org.statehub.repo.registered").data },
  },
  {
    label: "dataschema of a version never published",
    envelope: { ...task, dataschema: "urn:statehub:event:org.statehub.task.stale:v9" },
  },
];

describe.runIf(available)("the committed schemas in Python's jsonschema", () => {
  let report: PythonReport;
  const directory = mkdtempSync(join(tmpdir(), "statehub-python-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  // A generous limit: it guards against a hang, it does not measure speed (a loaded CI machine
  // has taken over a minute to start Python).
  beforeAll(() => {
    const file = join(directory, "samples.json");
    writeFileSync(file, JSON.stringify([...valid, ...invalid, ...dataschemaCases]));
    const run = spawnSync(PYTHON, [SCRIPT, SCHEMAS, file], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`validate_samples.py exited ${run.status}: ${run.stderr}`);
    report = JSON.parse(run.stdout) as PythonReport;
  }, 300_000);

  const errorsOf = (label: string) => report.results.find((result) => result.label === label)?.errors;

  it("load every schema and compile every pattern", () => {
    const files = readdirSync(SCHEMAS, { recursive: true, encoding: "utf8" }).filter((f) =>
      f.endsWith(".json"),
    );
    const patterns = files.flatMap((file) =>
      patternsIn(JSON.parse(readFileSync(join(SCHEMAS, file), "utf8")) as JsonValue),
    );
    expect(report.schemas).toBe(files.length);
    expect(report.patterns).toBe(patterns.length);
    expect(report.patterns).toBeGreaterThanOrEqual(14);
    expect(report.results).toHaveLength(valid.length + invalid.length + dataschemaCases.length);
  });

  it("accept a sample envelope of every subject, as the parser does", () => {
    for (const sample of valid) {
      expect(parseEnvelope(sample.envelope).ok, sample.label).toBe(true);
      expect(errorsOf(sample.label), sample.label).toEqual([]);
    }
  });

  it("reject invalid envelopes at the field the parser names (the check is not vacuous)", () => {
    for (const sample of invalid) {
      expect(parseEnvelope(sample.envelope).ok, sample.label).toBe(false);
      const errors = errorsOf(sample.label) ?? [];
      expect(errors.length, `${sample.label}: Python accepted it`).toBeGreaterThan(0);
      expect(
        errors.map((error) => error.slice(0, error.indexOf(": "))),
        sample.label,
      ).toContain(sample.field);
    }
  });

  it("reject data that does not fit the schema `dataschema` names, and an unknown dataschema", () => {
    expect(errorsOf("repo data under a task.stale dataschema")).toContain(
      "data: 'taskId' is a required property",
    );
    expect(errorsOf("dataschema of a version never published")).toEqual([
      expect.stringMatching(
        /^dataschema: urn:statehub:event:org\.statehub\.task\.stale:v9 is not a published schema \(\w+\)$/,
      ),
    ]);
  });
});
