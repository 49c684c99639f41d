import { readFileSync } from "node:fs";
import { join } from "node:path";
import { catalog, type EventDefinition } from "../catalog/index.js";
import { renderAsyncApi } from "./asyncapi.js";
import { dataJsonSchema, envelopeJsonSchema, type JsonSchema, renderJson } from "./json-schema.js";
import { renderSubjectsDoc } from "./markdown.js";
import {
  ASYNCAPI_DOC,
  dataSchemaFile,
  ENVELOPE_SCHEMA_FILE,
  PACKAGE_DIR,
  parseDataSchemaFile,
  SUBJECTS_DOC,
} from "./paths.js";

export interface GeneratedSubject {
  definition: EventDefinition;
  schema: JsonSchema;
}

/** Every catalog entry with its data schema at the current version, in catalog order. */
export function currentSubjects(): GeneratedSubject[] {
  return Object.values(catalog).map((definition: EventDefinition) => ({
    definition,
    schema: dataJsonSchema(definition),
  }));
}

/**
 * All generated files as repository-relative path → content. Pure apart from reading the
 * package version: `existingSchemaFiles` (relative to the schemas directory) says which older
 * versions are published, so the docs can list them.
 */
export function generateArtefacts(existingSchemaFiles: readonly string[]): Map<string, string> {
  const subjects = currentSubjects();
  const envelope = envelopeJsonSchema();
  const files = new Map<string, string>();
  files.set(ENVELOPE_SCHEMA_FILE, renderJson(envelope));
  for (const { definition, schema } of subjects) {
    files.set(dataSchemaFile(definition.subject, definition.version), renderJson(schema));
  }
  const documented = subjects.map((subject) => ({
    ...subject,
    publishedVersions: publishedVersionsOf(subject.definition, existingSchemaFiles),
  }));
  files.set(SUBJECTS_DOC, renderSubjectsDoc(documented, envelope));
  files.set(ASYNCAPI_DOC, renderAsyncApi({ subjects, envelope, version: packageVersion() }));
  return files;
}

function publishedVersionsOf(definition: EventDefinition, existing: readonly string[]): number[] {
  const versions = new Set([definition.version]);
  for (const file of existing) {
    const parsed = parseDataSchemaFile(file);
    if (parsed?.subject === definition.subject) versions.add(parsed.version);
  }
  return [...versions].sort((a, b) => a - b);
}

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(PACKAGE_DIR, "package.json"), "utf8")) as { version: string };
  return manifest.version;
}
