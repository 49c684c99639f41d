import type { AppRouter } from "@statehub/api";
import { MAX_BATCH_SIZE } from "@statehub/api/wire";
import { createTRPCClient, httpBatchLink, type TRPCClient } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

// From the API package come only its types (`import type` is erased) and the wire limits
// (a module with no imports): no server code ends up in a bundle that uses this client.
export type { AppRouter };
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export { TRPCClientError } from "@trpc/client";

export interface StateHubClientOptions {
  /** Base URL of the hub, e.g. http://127.0.0.1:4000 (the API is under /trpc). */
  url: string;
  /** An API token (`STATEHUB_API_TOKENS`); sent as `Authorization: Bearer …`. */
  token?: string;
  /** A fetch implementation (defaults to the global one). */
  fetch?: typeof globalThis.fetch;
  /** Extra headers for every request (e.g. X-Correlation-Id). */
  headers?: Record<string, string>;
}

export type StateHubClient = TRPCClient<AppRouter>;

/**
 * A fully typed client for the hub. Calls made in the same tick are batched into one HTTP
 * request. Plain JSON on the wire (the hub uses no transformer): dates arrive as ISO strings.
 */
export function createStateHubClient(options: StateHubClientOptions): StateHubClient {
  const base = options.url.replace(/\/+$/, "");
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${base}/trpc`,
        // The hub refuses larger batches.
        maxItems: MAX_BATCH_SIZE,
        headers: () => headers,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    ],
  });
}
