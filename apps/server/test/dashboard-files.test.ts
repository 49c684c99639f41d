import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";

const INDEX = "<!doctype html><title>statehub</title><script type=module src=/assets/app-1a2b3c.js></script>";
const READ_TOKEN = "dashboard-files-read-token-000001";

describe("the hub serves the dashboard's build", () => {
  let buildDir: string;
  let server: TestServer;

  beforeAll(async () => {
    buildDir = mkdtempSync(join(tmpdir(), "statehub-dashboard-"));
    mkdirSync(join(buildDir, "assets"));
    writeFileSync(join(buildDir, "index.html"), INDEX);
    writeFileSync(join(buildDir, "assets", "app-1a2b3c.js"), "export {};");
    server = await startTestServer({
      tokens: [{ name: "viewer", token: READ_TOKEN, scope: "read" }],
      env: { STATEHUB_WEB_DIR: buildDir },
    });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(buildDir, { recursive: true, force: true });
  });

  it("without a token (the files hold no data), while the API still requires one", async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(INDEX);
    const view = await fetch(`${server.url}/workstreams/CHK-1`, { headers: { accept: "text/html" } });
    expect(await view.text()).toBe(INDEX);
    const script = await fetch(`${server.url}/assets/app-1a2b3c.js`);
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");

    expect((await fetch(`${server.url}/trpc/domains.list`)).status).toBe(401);
    const withToken = await fetch(`${server.url}/trpc/domains.list`, {
      headers: { authorization: `Bearer ${READ_TOKEN}` },
    });
    expect(withToken.status).toBe(200);
  });

  it("keeps its JSON answers: health, metrics, and a 404 for an unknown path asked for by an API client", async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: "ok" });
    const unknown = await fetch(`${server.url}/admin`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: "not found" });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/statehub_http_responses_total\{route="static",status="200"\}/);
  });
});

describe("the hub without the dashboard's build", () => {
  let server: TestServer;
  const missing = join(tmpdir(), "statehub-no-such-build");

  beforeAll(async () => {
    server = await startTestServer({ env: { STATEHUB_WEB_DIR: missing } });
  });

  afterAll(async () => {
    await server?.close();
  });

  it("serves the API only, and says so once in its log", async () => {
    const line = server.logs.find((entry) => entry.includes("dashboard not served"));
    expect(line).toBeDefined();
    expect(JSON.parse(line ?? "{}")).toMatchObject({ webDir: missing, reason: "not built" });
    expect((await fetch(`${server.url}/trpc/domains.list`)).status).toBe(200);
    const root = await fetch(`${server.url}/`, { headers: { accept: "text/html" } });
    expect(root.status).toBe(404);
    expect(await root.json()).toMatchObject({ error: "not found" });
  });
});
