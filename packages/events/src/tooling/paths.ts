import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// This file sits at the same depth in src/tooling and dist/tooling, so the same relative
// walk finds the package and the repository from the sources (tests) and the build (CLIs).
const here = dirname(fileURLToPath(import.meta.url));

export const PACKAGE_DIR = resolve(here, "..", "..");
export const REPO_ROOT = resolve(PACKAGE_DIR, "..", "..");

/** Where generated artefacts live, relative to the repository root. */
export const SCHEMAS_DIR = "packages/events/schemas";
export const SUBJECTS_DOC = "docs/nats-event-subjects.md";
export const ASYNCAPI_DOC = "docs/asyncapi.yaml";
export const ENVELOPE_SCHEMA_FILE = `${SCHEMAS_DIR}/envelope.json`;

export function dataSchemaFile(subject: string, version: number): string {
  return `${SCHEMAS_DIR}/${subject}/v${version}.json`;
}

/** Reads `{subject}/v{N}.json` back into its parts; undefined for any other file. */
export function parseDataSchemaFile(
  relativeToSchemas: string,
): { subject: string; version: number } | undefined {
  const match = /^([^/]+)\/v([1-9][0-9]*)\.json$/.exec(relativeToSchemas);
  return match ? { subject: match[1] as string, version: Number(match[2]) } : undefined;
}
