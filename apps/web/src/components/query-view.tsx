import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ProblemMessage } from "./problem.js";

/** Loading, failed, or the data; a failed refresh keeps the last data under a message. */
export function QueryView<T>({
  query,
  what,
  children,
}: {
  query: UseQueryResult<T>;
  /** What is being loaded, for the messages: "open decisions". */
  what: string;
  children: (data: T) => ReactNode;
}) {
  if (query.data !== undefined) {
    return (
      <>
        {query.isError ? <ProblemMessage error={query.error} what={what} stale /> : null}
        {children(query.data)}
      </>
    );
  }
  if (query.isError) return <ProblemMessage error={query.error} what={what} />;
  return <Loading what={what} />;
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" aria-busy="true">
      Loading {what}…
    </p>
  );
}
