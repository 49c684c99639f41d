import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadStaticFiles, type StaticFiles } from "./static-files.js";

const INDEX =
  "<!doctype html><title>dashboard</title><script type=module src=/assets/index-AbC123.js></script>";
const SCRIPT = `console.log(${JSON.stringify("x".repeat(5000))});`;
const SECRET = "top secret, outside the build";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw request: the path is sent exactly as given (fetch would normalise `..` away). */
function raw(server: Server, path: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  const { port } = server.address() as AddressInfo;
  return new Promise<Answer>((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path, method: init.method ?? "GET", headers: init.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on("error", reject);
    req.end();
  });
}

const BROWSER = { accept: "text/html,application/xhtml+xml,*/*;q=0.8" };

describe("static files of the dashboard", () => {
  let root: string;
  let server: Server;
  let files: StaticFiles;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "statehub-web-"));
    const dist = join(root, "dist");
    mkdirSync(join(dist, "assets"), { recursive: true });
    writeFileSync(join(dist, "index.html"), INDEX);
    writeFileSync(join(dist, "assets", "index-AbC123.js"), SCRIPT);
    writeFileSync(join(dist, "assets", "index-XyZ789.css"), "body{color:red}");
    writeFileSync(join(root, "secret.txt"), SECRET);
    symlinkSync(join(root, "secret.txt"), join(dist, "assets", "linked.txt"));
    const loaded = await loadStaticFiles(dist);
    if (loaded.kind !== "loaded") throw new Error(`fixture build not loaded: ${loaded.reason}`);
    files = loaded.files;
    server = createServer((req, res) => {
      const pathname = (req.url ?? "/").split("?")[0] ?? "/";
      if (!files.handle(req, res, pathname)) {
        res.writeHead(404);
        res.end("not handled");
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(root, { recursive: true, force: true });
  });

  it("serves index.html at / with no-cache, its content type and a content security policy", async () => {
    const answer = await raw(server, "/");
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(answer.headers["cache-control"]).toBe("no-cache");
    expect(answer.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(answer.headers["x-content-type-options"]).toBe("nosniff");
    expect(answer.body.toString()).toBe(INDEX);
  });

  it("serves hashed assets with a year of immutable caching and their content types", async () => {
    const script = await raw(server, "/assets/index-AbC123.js");
    expect(script.status).toBe(200);
    expect(script.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(script.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(script.body.toString()).toBe(SCRIPT);
    const style = await raw(server, "/assets/index-XyZ789.css");
    expect(style.headers["content-type"]).toBe("text/css; charset=utf-8");
    expect(style.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  it("sends gzip to a client that accepts it, the plain bytes otherwise", async () => {
    const gzipped = await raw(server, "/assets/index-AbC123.js", {
      headers: { "accept-encoding": "gzip, br" },
    });
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(gzipped.headers.vary).toBe("accept-encoding");
    expect(Number(gzipped.headers["content-length"])).toBe(gzipped.body.length);
    expect(gzipped.body.length).toBeLessThan(SCRIPT.length / 10);
    expect(gunzipSync(gzipped.body).toString()).toBe(SCRIPT);
    const plain = await raw(server, "/assets/index-AbC123.js");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(Number(plain.headers["content-length"])).toBe(SCRIPT.length);
  });

  it("answers HEAD with the headers only, and a matching If-None-Match with 304", async () => {
    const head = await raw(server, "/assets/index-AbC123.js", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(Number(head.headers["content-length"])).toBe(SCRIPT.length);
    expect(head.body.length).toBe(0);
    const first = await raw(server, "/");
    const again = await raw(server, "/", { headers: { "if-none-match": String(first.headers.etag) } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it("answers a view URL asked for by a browser with index.html, so links and reloads open the view", async () => {
    for (const path of ["/domains/payments", "/workstreams/CHK-1", "/events", "/decisions/"]) {
      const answer = await raw(server, path, { headers: BROWSER });
      expect([path, answer.status, answer.body.toString()]).toEqual([path, 200, INDEX]);
      expect(answer.headers["cache-control"]).toBe("no-cache");
    }
  });

  it("leaves to the API's 404 an unknown path asked for by a non-browser, and a missing file", async () => {
    expect((await raw(server, "/domains/payments")).status).toBe(404);
    expect((await raw(server, "/assets/index-gone.js", { headers: BROWSER })).status).toBe(404);
    expect((await raw(server, "/assets/nothing", { headers: BROWSER })).status).toBe(404);
    expect((await raw(server, "/favicon.ico", { headers: BROWSER })).status).toBe(404);
  });

  it("serves GET and HEAD only", async () => {
    for (const method of ["POST", "PUT", "DELETE", "OPTIONS"]) {
      expect((await raw(server, "/", { method, headers: BROWSER })).status).toBe(404);
    }
  });

  it("never serves a file outside the build, however the path is spelled", async () => {
    const attempts = [
      "/../secret.txt",
      "/assets/../../secret.txt",
      "/%2e%2e/secret.txt",
      "/assets/%2e%2e/%2e%2e/secret.txt",
      "/assets/..%2f..%2fsecret.txt",
      "/..%5csecret.txt",
      "/assets/..%5c..%5csecret.txt",
      "/%2e%2e%2fsecret.txt",
      "/assets/linked.txt",
      "/index.html%00.txt",
      "/%E0%A4%A",
      `/${"..%2f".repeat(20)}etc/passwd`,
    ];
    for (const path of attempts) {
      for (const headers of [{}, BROWSER]) {
        const answer = await raw(server, path, { headers });
        expect(answer.body.toString(), path).not.toContain(SECRET);
        expect(answer.body.toString(), path).not.toContain("root:");
        // Either refused, or (for a browser) the page itself: never another file.
        if (answer.status === 200) expect(answer.body.toString(), path).toBe(INDEX);
      }
    }
  });

  it("reports a missing build, or one without index.html, as absent", async () => {
    const missing = await loadStaticFiles(join(root, "no-such-dir"));
    expect(missing).toMatchObject({ kind: "absent", reason: "not built" });
    const empty = join(root, "empty");
    mkdirSync(empty);
    writeFileSync(join(empty, "app.js"), "");
    expect(await loadStaticFiles(empty)).toMatchObject({ kind: "absent", reason: "no index.html in it" });
    expect(await loadStaticFiles(join(root, "secret.txt"))).toMatchObject({
      kind: "absent",
      reason: "not a directory",
    });
  });
});
