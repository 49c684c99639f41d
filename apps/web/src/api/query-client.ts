import { QueryCache, QueryClient } from "@tanstack/react-query";
import type { Auth } from "./auth.js";
import { describeProblem, isUnauthorized } from "./errors.js";

/** How often what is on screen is re-read from the hub. */
const POLL_INTERVAL_MS = 3_000;

/**
 * Every query polls while the tab is visible (TanStack Query pauses interval refetches in a
 * hidden tab and refetches on focus), and keeps polling after a failure, so an error shown in
 * place clears by itself once the hub answers again. Polling pauses while the token prompt is
 * open: every call would only be refused again.
 */
export function createQueryClient(auth: Auth): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (isUnauthorized(error)) auth.refused();
      },
    }),
    defaultOptions: {
      queries: {
        refetchInterval: () => (auth.state().asking ? false : POLL_INTERVAL_MS),
        refetchIntervalInBackground: false,
        refetchOnWindowFocus: true,
        staleTime: 1_000,
        // One quick retry for a blip; the next poll is the retry after that. A refusal
        // (401, 403, 404, bad input) will not change by asking again.
        retry: (failures, error) => failures < 1 && describeProblem(error).kind === "unreachable",
        retryDelay: 500,
      },
    },
  });
}
