import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

// The dashboard's static files (apps/web's build). They hold no data (every read goes through
// /trpc with its token), so they are served without one. The set of files is read once at
// start into memory: a request path is only ever looked up in that set, never joined onto a
// filesystem path, so no `..`, encoded slash or symlink can reach outside the build.

/** apps/web/dist, from this file's place in apps/server (src/http or dist/http). */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL("../../../web/dist", import.meta.url));

/** Hashed file names never change content: cache for a year. */
const IMMUTABLE = "public, max-age=31536000, immutable";
/** index.html names the current hashed assets: always revalidate it. */
const REVALIDATE = "no-cache";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".json", ".map", ".svg", ".txt"]);

// The page loads only its own scripts and styles and talks only to its own origin.
const HTML_HEADERS = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "referrer-policy": "no-referrer",
};

interface StaticFile {
  body: Buffer;
  gzipped: Buffer | undefined;
  contentType: string;
  cacheControl: string;
  etag: string;
}

export interface StaticFiles {
  /** How many files are served. */
  readonly count: number;
  /** Answers a GET or HEAD for a file of the build (or a view URL); false when it is not one. */
  handle(req: IncomingMessage, res: ServerResponse, pathname: string): boolean;
}

export type LoadResult =
  | { kind: "loaded"; files: StaticFiles; dir: string }
  | { kind: "absent"; dir: string; reason: string };

async function listFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    // Symlinks are skipped: only what the build itself wrote is served.
    if (entry.isDirectory()) found.push(...(await listFiles(path)));
    else if (entry.isFile()) found.push(path);
  }
  return found;
}

function toFile(urlPath: string, body: Buffer): StaticFile {
  const extension = extname(urlPath).toLowerCase();
  return {
    body,
    gzipped: COMPRESSIBLE.has(extension) && body.length > 1024 ? gzipSync(body) : undefined,
    contentType: CONTENT_TYPES[extension] ?? "application/octet-stream",
    cacheControl: urlPath.startsWith("/assets/") ? IMMUTABLE : REVALIDATE,
    etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`,
  };
}

/** The request path as a key of the file set; undefined when it cannot name a file. */
function decodePath(pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  // An encoded separator or NUL never names a file of the build.
  if (decoded.includes("\\") || decoded.includes("\0")) return undefined;
  return decoded;
}

function acceptsHtml(req: IncomingMessage): boolean {
  return (req.headers.accept ?? "").includes("text/html");
}

function acceptsGzip(req: IncomingMessage): boolean {
  return /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
}

/**
 * A view URL (/domains/payments, /events?subject=…) is answered with index.html so that a
 * shared link or a reload opens the view. Only for a browser asking for a page, and only for
 * paths without a file extension: an API client or a missing asset still gets a 404.
 */
function isViewUrl(req: IncomingMessage, path: string): boolean {
  if (!acceptsHtml(req)) return false;
  if (path.startsWith("/assets/")) return false;
  const last = path.slice(path.lastIndexOf("/") + 1);
  return !last.includes(".");
}

function send(req: IncomingMessage, res: ServerResponse, file: StaticFile): void {
  const headers: Record<string, string | number> = {
    "content-type": file.contentType,
    "cache-control": file.cacheControl,
    etag: file.etag,
    "x-content-type-options": "nosniff",
    ...(file.contentType.startsWith("text/html") ? HTML_HEADERS : {}),
  };
  if (file.gzipped) headers.vary = "accept-encoding";
  if (req.headers["if-none-match"] === file.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const body = file.gzipped && acceptsGzip(req) ? file.gzipped : file.body;
  if (body === file.gzipped) headers["content-encoding"] = "gzip";
  headers["content-length"] = body.length;
  res.writeHead(200, headers);
  res.end(req.method === "HEAD" ? undefined : body);
}

/** Reads the build at `dir`; "absent" (with why) when there is none, so the hub runs API-only. */
export async function loadStaticFiles(dir: string): Promise<LoadResult> {
  try {
    if (!(await stat(dir)).isDirectory()) return { kind: "absent", dir, reason: "not a directory" };
  } catch {
    return { kind: "absent", dir, reason: "not built" };
  }
  const files = new Map<string, StaticFile>();
  for (const path of await listFiles(dir)) {
    const urlPath = `/${relative(dir, path).split(sep).join("/")}`;
    files.set(urlPath, toFile(urlPath, await readFile(path)));
  }
  const index = files.get("/index.html");
  if (!index) return { kind: "absent", dir, reason: "no index.html in it" };

  return {
    kind: "loaded",
    dir,
    files: {
      count: files.size,
      handle(req, res, pathname) {
        if (req.method !== "GET" && req.method !== "HEAD") return false;
        const path = decodePath(pathname);
        if (path === undefined) return false;
        const file = path === "/" ? index : (files.get(path) ?? (isViewUrl(req, path) ? index : undefined));
        if (!file) return false;
        send(req, res, file);
        return true;
      },
    },
  };
}
