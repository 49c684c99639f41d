import type { z } from "zod";

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `time` or `data.repoId`; empty for the whole input. */
  path: string;
  message: string;
}

export function issuesOf(error: z.ZodError, prefix?: string): FieldIssue[] {
  return error.issues.map((issue) => {
    const segments = [...(prefix ? [prefix] : []), ...issue.path.map(String)];
    return { path: segments.join("."), message: issue.message };
  });
}

/**
 * Thrown by createEnvelope when data does not fit its subject's schema, or the metadata makes an
 * invalid envelope (e.g. a `time` that is not RFC 3339): a producer bug, caught before publishing.
 */
export class ContractViolation extends Error {
  readonly issues: FieldIssue[];
  constructor(subject: string, error: z.ZodError, part: "data" | "envelope" = "data") {
    const issues = issuesOf(error, part === "data" ? "data" : undefined);
    super(`${part} does not fit ${subject}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    this.name = "ContractViolation";
    this.issues = issues;
  }
}
