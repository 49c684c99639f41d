import { type InfiniteData, type UseInfiniteQueryResult, useInfiniteQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ProblemMessage } from "./problem.js";
import { Loading } from "./query-view.js";

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type PagedQuery<T> = UseInfiniteQueryResult<InfiniteData<Page<T>, string | undefined>>;

/** A list read page by page through the API's cursors; only the pages asked for are loaded. */
export function usePagedQuery<T>(
  key: readonly unknown[],
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
): PagedQuery<T> {
  return useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The loaded items, a "Show more" button while the API has more, and an empty state. */
export function PagedList<T>({
  query,
  what,
  empty,
  children,
}: {
  query: PagedQuery<T>;
  what: string;
  /** Shown when there is nothing: say what would put something here. */
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  if (query.data === undefined) {
    return query.isError ? <ProblemMessage error={query.error} what={what} /> : <Loading what={what} />;
  }
  const items = query.data.pages.flatMap((page) => page.items);
  return (
    <>
      {query.isError ? <ProblemMessage error={query.error} what={what} stale /> : null}
      {items.length === 0 ? <div className="empty">{empty}</div> : children(items)}
      {query.hasNextPage ? (
        <button
          type="button"
          className="more"
          disabled={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {query.isFetchingNextPage ? "Loading more…" : `Show more ${what}`}
        </button>
      ) : null}
    </>
  );
}
