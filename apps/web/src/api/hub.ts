import { MAX_BATCH_SIZE } from "@statehub/api/wire";
import type { AppRouter } from "@statehub/client";
import { createTRPCClient, httpBatchLink, type TRPCClient } from "@trpc/client";

export type Hub = TRPCClient<AppRouter>;

/**
 * The dashboard's client for the hub that served it (same origin, `/trpc`). Calls made in the
 * same tick go out as one batched request. The token is read per request, so a token entered
 * in the prompt applies to the next call without rebuilding anything.
 */
export function createHub(token: () => string | undefined): Hub {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: "/trpc",
        maxItems: MAX_BATCH_SIZE,
        headers: (): Record<string, string> => {
          const value = token();
          return value === undefined ? {} : { authorization: `Bearer ${value}` };
        },
      }),
    ],
  });
}
