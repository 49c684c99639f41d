import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { type AppRouter, type Context, reachedProcedure } from "@statehub/api";
import { MAX_BATCH_SIZE, MAX_BODY_BYTES } from "@statehub/api/wire";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import type { Logger } from "../logger.js";
import { allMetrics, httpResponses } from "../metrics.js";
import { createDocsRoutes } from "./docs-routes.js";
import { type RequestGuard, refuse } from "./host-guard.js";
import { sendJson, trpcStyleError } from "./json.js";
import { answerThenLinger } from "./lingering-close.js";
import { readBody } from "./read-body.js";
import type { Readiness } from "./readiness.js";
import type { StaticFiles } from "./static-files.js";
import { createToolRoutes } from "./tool-routes.js";
import { createTrpcCall, isPlainJsonCall } from "./trpc-call.js";

function payloadTooLarge(declaredBytes?: number) {
  const limit = `the limit is ${MAX_BODY_BYTES} bytes (${MAX_BODY_BYTES / 1024 / 1024} MiB)`;
  const size = declaredBytes === undefined ? "" : ` ${declaredBytes} bytes declared,`;
  return trpcStyleError("PAYLOAD_TOO_LARGE", -32013, 413, `request body too large:${size} ${limit}`);
}

export interface HttpHandlerOptions {
  router: AppRouter;
  createContext: (opts: { req: IncomingMessage; res: ServerResponse }) => Context;
  readiness: Readiness;
  log: Logger;
  /** The dashboard's build, served at / (absent: the hub serves the API only). */
  staticFiles?: StaticFiles | undefined;
  /** Refuses requests before anything else (the host guard, with auth off). */
  guard?: RequestGuard | undefined;
}

const ROUTES = new Set(["/healthz", "/readyz", "/metrics"]);

function routeOf(pathname: string): string {
  if (pathname === "/trpc" || pathname.startsWith("/trpc/")) return "/trpc";
  return ROUTES.has(pathname) ? pathname : "other";
}

function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers["content-length"];
  if (header === undefined) return undefined;
  const length = Number(header);
  return Number.isFinite(length) ? length : undefined;
}

/** The hub's HTTP surface: tRPC at /trpc, health, readiness, metrics, the docs routes; JSON 404 elsewhere. */
export function createHttpHandler(options: HttpHandlerOptions): RequestListener {
  const trpc = createHTTPHandler({
    router: options.router,
    basePath: "/trpc/",
    maxBodySize: MAX_BODY_BYTES,
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: options.createContext,
  });

  // Plain JSON calls (all the hub's clients make) skip the adapter's fetch Request/Response
  // round trip; anything else (other content types, streamed batches) goes through it.
  const trpcCall = createTrpcCall({
    router: options.router,
    basePath: "trpc",
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: options.createContext,
  });

  const docs = createDocsRoutes();
  const tools = createToolRoutes();

  return (req, res) => {
    const pathname = (req.url ?? "/").split("?")[0] ?? "/";
    let route: string = docs.owns(pathname) ? "docs" : tools.owns(pathname) ? "tools" : routeOf(pathname);
    const started = performance.now();
    const refusal = options.guard?.(req);
    res.once("finish", () => {
      httpResponses.inc({ route, status: String(res.statusCode) });
      // Procedure calls log themselves; this covers requests refused before reaching one
      // (a guard's refusal has logged itself).
      if (refusal) return;
      if (route === "/trpc" && !reachedProcedure(req)) {
        options.log.info(
          {
            method: req.method,
            path: pathname,
            status: res.statusCode,
            durationMs: Math.round(performance.now() - started),
          },
          "request refused before reaching a procedure",
        );
      } else if (route === "other") {
        options.log.info({ method: req.method, path: pathname, status: res.statusCode }, "unknown path");
      }
    });

    if (refusal) {
      refuse(req, res, refusal, options.log);
      return;
    }
    if (route === "docs") {
      docs.serve(req, res, pathname);
      return;
    }
    if (route === "tools") {
      tools.serve(req, res, pathname);
      return;
    }
    if (route === "/trpc") {
      const length = declaredLength(req);
      if (length !== undefined && length > MAX_BODY_BYTES) {
        // Refused on the header alone: the body is never parsed, only drained before closing.
        answerThenLinger(req, res, 413, payloadTooLarge(length));
        return;
      }
      if (req.method !== "POST") {
        if (isPlainJsonCall(req)) trpcCall(req, res, undefined);
        else trpc(req, res);
        return;
      }
      void readBody(req, MAX_BODY_BYTES).then((body) => {
        if (body.kind === "too-large") {
          answerThenLinger(req, res, 413, payloadTooLarge());
        } else if (body.kind === "invalid-utf8") {
          sendJson(res, 400, trpcStyleError("BAD_REQUEST", -32600, 400, "request body is not valid UTF-8"));
        } else if (body.kind === "ok") {
          if (isPlainJsonCall(req)) {
            trpcCall(req, res, body.text);
            return;
          }
          // tRPC's node adapter takes an already-read body from req.body.
          (req as IncomingMessage & { body?: string }).body = body.text;
          trpc(req, res);
        }
      });
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendJson(res, route === "other" ? 404 : 405, {
        error: route === "other" ? "not found" : "method not allowed",
      });
      return;
    }
    if (route === "/healthz") {
      sendJson(res, 200, { status: "ok" });
      return;
    }
    if (route === "/readyz") {
      void options.readiness.evaluate().then((result) => {
        sendJson(res, result.ready ? 200 : 503, {
          status: result.ready ? "ready" : "not ready",
          checks: result.checks,
        });
      });
      return;
    }
    if (route === "/metrics") {
      const registry = allMetrics();
      void registry.metrics().then(
        (text) => {
          res.writeHead(200, { "content-type": registry.contentType });
          res.end(text);
        },
        () => sendJson(res, 500, { error: "metrics unavailable" }),
      );
      return;
    }
    if (options.staticFiles?.handle(req, res, pathname)) {
      route = "static";
      return;
    }
    sendJson(res, 404, {
      error: "not found",
      message: `no route ${pathname}: the API is under /trpc (described at /docs), plus /healthz, /readyz and /metrics`,
    });
  };
}
