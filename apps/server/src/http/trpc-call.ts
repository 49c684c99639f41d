import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { AnyTRPCRouter } from "@trpc/server";
import { createURL, internal_exceptionHandler } from "@trpc/server/adapters/node-http";
import { resolveResponse } from "@trpc/server/http";

/**
 * The part of a fetch `Request` tRPC's resolveResponse reads for a JSON call (GET with the input
 * in the query, or POST with a JSON body): method, url, headers.get/has, signal, text().
 *
 * tRPC's node adapter builds a real `Request` for every call (a `Headers` copy of every header,
 * the body as a web stream, the URL parsed three times) and writes the `Response` back through a
 * `WritableStream`: under load that adaptation took more CPU than the procedures. The hub has
 * already read the body (read-body.ts), has no subscriptions and no streamed responses, so a
 * view over the node request and one `res.end()` give tRPC the same inputs with less work.
 */
class NodeHeadersView {
  constructor(private readonly headers: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.headers[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(", ") : value;
  }

  has(name: string): boolean {
    return this.headers[name.toLowerCase()] !== undefined;
  }
}

/** Whether the light path gives tRPC all it needs; anything else goes to tRPC's own adapter. */
export function isPlainJsonCall(req: IncomingMessage): boolean {
  const accept = req.headers["trpc-accept"];
  if (accept !== undefined) return false; // a streamed (jsonl) batch
  if (req.headers.accept?.includes("application/jsonl") || req.headers.accept?.includes("text/event-stream"))
    return false;
  if (req.method === "GET") return true;
  if (req.method !== "POST") return false;
  const type = req.headers["content-type"]?.toLowerCase();
  return type?.startsWith("application/json") ?? false;
}

export interface TrpcCallOptions<TRouter extends AnyTRPCRouter> {
  router: TRouter;
  /** The prefix the procedures' paths follow, without slashes ("trpc"). */
  basePath: string;
  maxBatchSize: number;
  createContext: (opts: { req: IncomingMessage; res: ServerResponse }) => unknown;
}

function trimSlashes(path: string): string {
  const start = path.startsWith("/") ? 1 : 0;
  const end = path.endsWith("/") ? path.length - 1 : path.length;
  return path.slice(start, Math.max(start, end));
}

/**
 * Answers one plain JSON tRPC call (see isPlainJsonCall) with `body`, the request body already
 * read. Errors before a procedure runs are answered as tRPC's adapter answers them.
 */
export function createTrpcCall<TRouter extends AnyTRPCRouter>(options: TrpcCallOptions<TRouter>) {
  return (req: IncomingMessage, res: ServerResponse, body: string | undefined): void => {
    let path = "";
    const onException = (cause: unknown) =>
      internal_exceptionHandler({
        req,
        res,
        path,
        router: options.router,
        createContext: options.createContext as never,
      })(cause);
    try {
      // createURL: the same URL (and the same BAD_REQUEST for a bad Host) as tRPC's adapter.
      const url = createURL(req);
      path = trimSlashes(trimSlashes(url.pathname).slice(options.basePath.length));
      const aborted = new AbortController();
      // The client left before the answer was written: tell the procedure (as the adapter does).
      res.once("close", () => {
        if (!res.writableEnded) aborted.abort();
      });
      const request = {
        method: req.method ?? "GET",
        url: url.href,
        headers: new NodeHeadersView(req.headers),
        signal: aborted.signal,
        text: async () => body ?? "",
      };
      resolveResponse({
        router: options.router,
        req: request as unknown as Request,
        path,
        error: null,
        maxBatchSize: options.maxBatchSize,
        createContext: async (inner) => options.createContext({ req, res, ...inner }) as never,
      })
        .then(async (response) => {
          res.statusCode = response.status;
          for (const [key, value] of response.headers) {
            if (key !== "set-cookie") res.setHeader(key, value);
          }
          const cookies = response.headers.getSetCookie();
          if (cookies.length > 0) res.setHeader("set-cookie", cookies);
          res.end(response.body ? await response.text() : undefined);
        })
        .catch(onException);
    } catch (cause) {
      onException(cause);
    }
  };
}
