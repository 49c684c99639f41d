import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { buildOpenApiDocument, renderJson } from "@statehub/api/openapi";
import { sendJson } from "./json.js";

// The hub's self-description, readable without a token (it holds no data): the OpenAPI
// document, an interactive reference page (Scalar, served from the installed package: no CDN),
// the committed event JSON Schemas and the AsyncAPI document.

export interface DocsRoutesOptions {
  /** The committed event schemas (packages/events/schemas). */
  eventSchemasDir?: string;
  /** docs/asyncapi.yaml. */
  asyncApiFile?: string;
}

const EVENT_SCHEMA_PATH = /^\/schemas\/(envelope\.json|org\.statehub\.[a-z.]+\/v[1-9][0-9]{0,3}\.json)$/;
const ASSET_PATH = /^\/docs\/assets\/((?:chunks\/)?[A-Za-z0-9._-]+\.js)$/;

// The page may load scripts and make requests to the hub only: a CDN request would be refused
// by the browser too. Scalar's bundle needs inline styles and its own inline start-up script.
const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join("; ");

const DOCS_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>statehub API reference</title>
    <link rel="icon" href="data:," />
    <style>
      /* System fonts: Scalar's own fonts are on its CDN, which this page never contacts. */
      :root, .light-mode, .dark-mode {
        --scalar-font: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif !important;
        --scalar-font-code: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace !important;
      }
    </style>
  </head>
  <body>
    <!-- Not id="api-reference": Scalar mounts a second, unconfigured reference on that id by
         itself, and that one loads Scalar's fonts from its CDN. -->
    <div id="reference"></div>
    <script src="/docs/assets/standalone.js"></script>
    <script>
      // No default fonts (they come from Scalar's CDN), no telemetry, no hosted extras.
      Scalar.createApiReference("#reference", {
        url: "/openapi.json",
        withDefaultFonts: false,
        telemetry: false,
        showDeveloperTools: "never",
        agent: { disabled: true },
        mcp: { disabled: true },
        // The document's server is "/" (whichever hub serves it); Scalar would join that and
        // "/trpc/…" into "//trpc/…", which the hub does not answer. Try calls on this hub.
        servers: [{ url: window.location.origin, description: "this hub" }],
      });
    </script>
  </body>
</html>
`;

function defaultEventSchemasDir(): string {
  // @statehub/events resolves to its dist/index.js; the committed schemas sit beside dist/.
  return fileURLToPath(new URL("../schemas/", import.meta.resolve("@statehub/events")));
}

function defaultAsyncApiFile(): string {
  // apps/server/{src,dist}/http/ → the repository's docs/.
  return fileURLToPath(new URL("../../../../docs/asyncapi.yaml", import.meta.url));
}

function scalarBrowserDir(): string {
  return fileURLToPath(new URL("./browser/", import.meta.resolve("@scalar/api-reference")));
}

const within = (root: string, file: string) => {
  const rel = relative(root, file);
  return rel !== "" && !rel.startsWith("..") && !rel.startsWith(sep);
};

export interface DocsRoutes {
  /** Whether the path is one of the documentation routes. */
  owns(pathname: string): boolean;
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): void;
}

export function createDocsRoutes(options: DocsRoutesOptions = {}): DocsRoutes {
  const eventSchemasDir = options.eventSchemasDir ?? defaultEventSchemasDir();
  const asyncApiFile = options.asyncApiFile ?? defaultAsyncApiFile();
  const assetsDir = scalarBrowserDir();
  let openApi: string | undefined;

  const sendText = (
    res: ServerResponse,
    type: string,
    body: string | Buffer,
    extra: Record<string, string> = {},
  ) => {
    res.writeHead(200, {
      "content-type": type,
      "content-length": Buffer.byteLength(body),
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
      ...extra,
    });
    res.end(body);
  };
  const sendFile = (res: ServerResponse, file: string, type: string) => {
    readFile(file).then(
      (content) => sendText(res, type, content),
      () => sendJson(res, 404, { error: "not found" }),
    );
  };

  return {
    owns: (pathname) =>
      pathname === "/openapi.json" ||
      pathname === "/docs" ||
      pathname === "/asyncapi.yaml" ||
      pathname.startsWith("/docs/") ||
      pathname.startsWith("/schemas/"),

    serve(req, res, pathname) {
      if (req.method !== "GET" && req.method !== "HEAD") {
        sendJson(res, 405, { error: "method not allowed" });
        return;
      }
      if (pathname === "/openapi.json") {
        openApi ??= renderJson(buildOpenApiDocument());
        sendText(res, "application/json", openApi, { "access-control-allow-origin": "*" });
        return;
      }
      if (pathname === "/docs") {
        sendText(res, "text/html; charset=utf-8", DOCS_PAGE, { "content-security-policy": DOCS_CSP });
        return;
      }
      if (pathname === "/asyncapi.yaml") {
        sendFile(res, asyncApiFile, "application/yaml");
        return;
      }
      const schema = EVENT_SCHEMA_PATH.exec(pathname)?.[1];
      if (schema !== undefined) {
        const file = join(eventSchemasDir, schema);
        if (within(eventSchemasDir, file)) sendFile(res, file, "application/schema+json");
        else sendJson(res, 404, { error: "not found" });
        return;
      }
      const asset = ASSET_PATH.exec(pathname)?.[1];
      if (asset !== undefined) {
        const file = join(assetsDir, asset);
        if (within(assetsDir, file)) sendFile(res, file, "text/javascript; charset=utf-8");
        else sendJson(res, 404, { error: "not found" });
        return;
      }
      sendJson(res, 404, {
        error: "not found",
        message: `no route ${pathname}: see /docs, /openapi.json, /schemas/envelope.json, /asyncapi.yaml`,
      });
    },
  };
}
