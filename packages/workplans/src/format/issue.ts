/** Something wrong with a workplan file, at a 1-based line and column of the file where known. */
export interface WorkplanIssue {
  line?: number;
  column?: number;
  message: string;
}

/** `path:line:column: message` (or `path: message` without a position). */
export function formatIssue(path: string, issue: WorkplanIssue): string {
  const where =
    issue.line === undefined
      ? path
      : `${path}:${issue.line}${issue.column === undefined ? "" : `:${issue.column}`}`;
  return `${where}: ${issue.message}`;
}
