import type { IncomingMessage, ServerResponse } from "node:http";
import { canonicalHost, isLoopback } from "../host-names.js";
import type { Logger } from "../logger.js";
import { requestsRefused } from "../metrics.js";
import { trpcStyleError } from "./json.js";
import { answerThenLinger } from "./lingering-close.js";

/**
 * What protects a hub that runs with auth off (no STATEHUB_API_TOKENS, so bound to loopback)
 * from the web pages its user visits.
 *
 * DNS rebinding: a page on attacker.example re-points its own name at 127.0.0.1; the browser
 * then treats the hub as attacker.example's own origin and lets the page read and write it.
 * What gives that away is the Host header, which still names attacker.example. So only Host
 * names that cannot be rebound are served: loopback ones (`localhost`, any 127.0.0.0/8
 * address, `[::1]`, any port, any case, with or without a trailing dot) and those the operator
 * lists in STATEHUB_ALLOWED_HOSTS. Other names of localhost (`app.localhost`) are not served:
 * some resolvers send them to DNS. Every path is guarded, /healthz and /readyz included: with
 * auth off the hub listens on loopback, so no load balancer reaches it with another name, and
 * /readyz and /metrics tell a reader more than a page should know.
 *
 * Cross-origin writes: a browser adds `Origin` to every POST. A write (any method but GET,
 * HEAD, OPTIONS) whose Origin is not the hub's own — scheme http or https, the same host and
 * port as the request's Host — is refused. `Origin: null` (sandboxed frames, file: pages, a
 * page with `Referrer-Policy: no-referrer`) is refused too: it can be anyone. A request without
 * Origin (curl, scripts, the typed client) is not a browser's, and passes.
 */
export type Refusal = { reason: "host"; message: string } | { reason: "origin"; message: string };

export type RequestGuard = (req: IncomingMessage) => Refusal | undefined;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const DEFAULT_PORTS: Record<string, number> = { "http:": 80, "https:": 443 };

interface Authority {
  host: string;
  port: number | undefined;
}

/** A Host header's canonical host and port; undefined when it is not `host[:port]`. */
export function parseHostHeader(header: string): Authority | undefined {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/.exec(header);
  if (!match?.[1]) return undefined;
  const host = canonicalHost(match[1]);
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (host === undefined || (port !== undefined && port > 65535)) return undefined;
  return { host, port };
}

/** True when `origin` is exactly the origin of a request to `authority` over http or https. */
export function isSameOrigin(origin: string, authority: Authority): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null", or not an origin at all
  }
  const defaultPort = DEFAULT_PORTS[url.protocol];
  if (defaultPort === undefined || url.origin !== origin.toLowerCase()) return false;
  const originHost = url.hostname.endsWith(".") ? url.hostname.slice(0, -1) : url.hostname;
  const originPort = url.port === "" ? defaultPort : Number(url.port);
  return originHost === authority.host && originPort === (authority.port ?? defaultPort);
}

const clipped = (value: string) => (value.length > 100 ? `${value.slice(0, 100)}…` : value);
const shown = (value: string) => JSON.stringify(clipped(value));

/** The guard of a hub with auth off; `allowedHosts` are canonical (see canonicalConfiguredHost). */
export function createHostGuard(allowedHosts: readonly string[]): RequestGuard {
  const allowed = new Set(allowedHosts);
  return (req) => {
    const header = req.headers.host;
    const authority = header === undefined ? undefined : parseHostHeader(header);
    if (authority === undefined || !(isLoopback(authority.host) || allowed.has(authority.host))) {
      return {
        reason: "host",
        message:
          `host ${header === undefined ? "(none)" : shown(header)} is not served: with auth off ` +
          "(no STATEHUB_API_TOKENS) the hub answers only to localhost, 127.0.0.1 and [::1]; " +
          "add the name to STATEHUB_ALLOWED_HOSTS to serve it",
      };
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !SAFE_METHODS.has(req.method ?? "GET") && !isSameOrigin(origin, authority)) {
      return {
        reason: "origin",
        message:
          `cross-origin write refused: Origin ${shown(origin)} is not this hub's; with auth off ` +
          "the hub takes writes only from its own origin or from clients that send no Origin",
      };
    }
    return undefined;
  };
}

/**
 * Answers a refused request: 403 FORBIDDEN in the hub's error style (inside the tRPC range of
 * codes, so the typed client reads it like any other), one info line, one count. Nothing of
 * the request is read, so nothing can be written.
 */
export function refuse(req: IncomingMessage, res: ServerResponse, refusal: Refusal, log: Logger): void {
  requestsRefused.inc({ reason: refusal.reason });
  log.info(
    {
      method: req.method,
      path: (req.url ?? "/").split("?")[0],
      host: clipped(req.headers.host ?? ""),
      origin: req.headers.origin === undefined ? undefined : clipped(req.headers.origin),
      reason: refusal.reason,
    },
    refusal.reason === "host" ? "request refused: host not served" : "request refused: cross-origin write",
  );
  answerThenLinger(req, res, 403, trpcStyleError("FORBIDDEN", -32003, 403, refusal.message));
}
