import type { EventDefinition } from "../../catalog/index.js";
import type { JsonSchema } from "../json-schema.js";
import { compareSchemas } from "./compare.js";
import type { PublishedFile } from "./published.js";
import type { Violation } from "./violation.js";

export interface ContractViolationReport extends Violation {
  /** The subject, or `envelope` for the envelope attributes. */
  subject: string;
  version: number | undefined;
  /** Where the published side came from (a git ref). */
  origin: string;
}

export interface ContractState {
  /** The catalog as it is now, each entry with its freshly generated data schema. */
  current: { definition: EventDefinition; schema: JsonSchema }[];
  currentEnvelope: JsonSchema;
  published: PublishedFile[];
  /** Schema files present on disk (relative to the schemas directory) and their text. */
  onDisk: ReadonlyMap<string, string>;
}

/**
 * Checks the catalog against the published contract. A subject or version with no published
 * file yet passes: it becomes published when its generated file is committed.
 */
export function checkContract(state: ContractState): ContractViolationReport[] {
  const reports: ContractViolationReport[] = [];
  const bySubject = new Map(state.current.map((entry) => [entry.definition.subject as string, entry]));
  const removedSubjects = new Set<string>();

  for (const published of state.published) {
    const report = (violation: Violation) =>
      reports.push({
        ...violation,
        subject: published.subject,
        version: published.version,
        origin: published.origin,
      });

    const onDisk = state.onDisk.get(published.file);
    if (onDisk === undefined) {
      report({
        path: "",
        rule: "published-version-removed",
        message: `schemas/${published.file} is published and must stay (published versions are never deleted)`,
      });
    }
    if (published.version === undefined) {
      for (const violation of compareSchemas(published.schema, state.currentEnvelope)) report(violation);
      continue;
    }
    const entry = bySubject.get(published.subject);
    if (entry === undefined) {
      if (!removedSubjects.has(`${published.subject}@${published.origin}`)) {
        removedSubjects.add(`${published.subject}@${published.origin}`);
        report({
          path: "",
          rule: "subject-removed",
          message: "subject is published but no longer in the catalog (consumers still handle it)",
        });
      }
      continue;
    }
    const currentVersion = entry.definition.version;
    if (currentVersion !== published.version && onDisk !== undefined && !sameJson(onDisk, published.schema)) {
      // The generator writes only the current version, so an older version's file that differs
      // from its published text was edited (or generated before the bump): committing it would
      // silently rewrite a published contract.
      report({
        path: "",
        rule: "published-version-modified",
        message: `schemas/${published.file} differs from the published file; restore it (git checkout ${published.origin} -- packages/events/schemas/${published.file})`,
      });
    }
    if (currentVersion < published.version) {
      report({
        path: "",
        rule: "version-decreased",
        message: `catalog is at v${currentVersion}, below the published v${published.version}`,
      });
    } else if (currentVersion === published.version) {
      for (const violation of compareSchemas(published.schema, entry.schema)) report(violation);
    }
  }
  return dedupe(reports);
}

function sameJson(text: string, schema: JsonSchema): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(schema);
  } catch {
    return false;
  }
}

// HEAD and a base ref usually hold the same file: one report per finding is enough.
function dedupe(reports: ContractViolationReport[]): ContractViolationReport[] {
  const seen = new Set<string>();
  return reports.filter((report) => {
    const key = `${report.subject}|${report.version}|${report.path}|${report.rule}|${report.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function formatReport(report: ContractViolationReport): string {
  const where = report.version === undefined ? report.subject : `${report.subject} v${report.version}`;
  const field = report.path === "" ? "" : ` field "${report.path}"`;
  return `${where}${field}: ${report.rule}: ${report.message} [published at ${report.origin}]`;
}
