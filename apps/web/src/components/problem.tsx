import { describeProblem } from "../api/errors.js";

/** A failed read, said in place of (or above) what it would have shown. Polling retries it. */
export function ProblemMessage({ error, what, stale }: { error: unknown; what: string; stale?: boolean }) {
  const problem = describeProblem(error);
  const retrying =
    problem.kind === "unreachable" || problem.kind === "unavailable" || problem.kind === "failed";
  return (
    <div className="problem" role="alert" data-problem={problem.kind}>
      <strong>Could not load {what}.</strong> {problem.message}{" "}
      {stale ? "Showing what was last loaded. " : ""}
      {retrying ? "Retrying every few seconds." : ""}
    </div>
  );
}
