import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromiumAvailable, launchChromium } from "@statehub/testing/chromium";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { OPENAPI_FILE } from "./document.js";

// The hub's self-description is readable without a token (it holds no data), is exactly what
// is committed, and the reference page makes no request anywhere but the hub.
const TOKEN = "docs-routes-write-token-00000001";
const repoFile = (path: string) => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));

describe("documentation routes", { timeout: 120_000 }, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ tokens: [{ name: "docs", token: TOKEN, scope: "write" }] });
  });
  afterAll(() => server?.close());

  const get = (path: string) => fetch(`${server.url}${path}`);

  it("serves the committed OpenAPI document, event schemas and AsyncAPI document without a token", async () => {
    const expected: Array<[string, string, RegExp]> = [
      ["/openapi.json", OPENAPI_FILE, /^application\/json/],
      ["/asyncapi.yaml", repoFile("docs/asyncapi.yaml"), /^application\/yaml/],
      [
        "/schemas/envelope.json",
        repoFile("packages/events/schemas/envelope.json"),
        /^application\/schema\+json/,
      ],
    ];
    const catalogDir = repoFile("packages/events/schemas");
    for (const subject of [
      "repo.registered",
      "workstream.completed",
      "decision.resolved",
      "domain.goal.activated",
      "task.stale",
    ]) {
      const file = `org.statehub.${subject}/v1.json`;
      expected.push([`/schemas/${file}`, `${catalogDir}/${file}`, /^application\/schema\+json/]);
    }
    for (const [path, file, type] of expected) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type"), path).toMatch(type);
      expect(await response.text(), path).toBe(readFileSync(file, "utf8"));
    }
    // The API itself still needs the token.
    expect((await get("/trpc/domains.list")).status).toBe(401);
  });

  it("answers 404 for schema paths that name nothing, without leaving the schemas folder", async () => {
    for (const path of [
      "/schemas/org.statehub.repo.registered/v99.json",
      "/schemas/../package.json",
      "/schemas/%2e%2e/package.json",
      "/schemas/envelope.yaml",
      "/docs/assets/../../package.json",
      "/docs/assets/nothing.js",
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
    expect((await fetch(`${server.url}/openapi.json`, { method: "POST" })).status).toBe(405);
  });

  it("serves /docs with a policy that keeps the page on the hub", async () => {
    const response = await get("/docs");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("connect-src 'self'");
    const html = await response.text();
    expect(html).toContain('src="/docs/assets/standalone.js"');
    expect(html).not.toMatch(/https?:\/\//);
    expect((await get("/docs/assets/standalone.js")).status).toBe(200);
  });

  describe.runIf(chromiumAvailable())("in a browser", () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(() => browser?.close());

    it("shows every procedure and requests nothing but the hub", async () => {
      const page = await browser.newPage();
      try {
        const requested: string[] = [];
        page.on("request", (request) => requested.push(request.url()));
        // A request the page's CSP refuses (a CDN font, say) shows up here as an error.
        const consoleErrors: string[] = [];
        page.on("console", (message) => {
          if (message.type() === "error") consoleErrors.push(message.text());
        });
        await page.goto(`${server.url}/docs`, { waitUntil: "networkidle" });
        await page.getByText("statehub API", { exact: true }).first().waitFor({ timeout: 60_000 });
        // Every procedure group is in the navigation; opening one shows its procedures' summaries.
        for (const group of [
          "domains",
          "domainGoals",
          "repos",
          "workstreams",
          "tasks",
          "decisions",
          "progress",
          "events",
          "maintenance",
          "outbox",
          "workplans",
          "dashboard",
          "operations",
        ]) {
          await page.getByText(group, { exact: true }).first().waitFor();
        }
        await page.getByText("repos", { exact: true }).first().click();
        await page.getByText("Register a repo").first().waitFor();
        const hub = new URL(server.url).origin;
        expect(requested.filter((url) => new URL(url).origin !== hub)).toEqual([]);
        expect(consoleErrors).toEqual([]);
        expect(requested.some((url) => url.endsWith("/openapi.json"))).toBe(true);
      } finally {
        await page.close();
      }
    });

    it("tries a call against this hub with the reader's token", async () => {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      try {
        const calls: Array<{ url: string; authorization: string | undefined }> = [];
        page.on("request", (request) => {
          if (new URL(request.url()).pathname.includes("/trpc/"))
            calls.push({ url: request.url(), authorization: request.headers().authorization });
        });
        await page.goto(`${server.url}/docs`, { waitUntil: "networkidle" });
        await page.getByText("statehub API", { exact: true }).first().waitFor({ timeout: 60_000 });
        await page.getByText("domains", { exact: true }).first().click();
        const client = page.getByRole("dialog");
        const tokenField = client.getByPlaceholder("Token");
        const testRequest = page
          .locator("button", { hasText: "get /trpc/domains.list" })
          .filter({ hasText: "Test Request" })
          .first();
        // The button can be on the page before Scalar has wired it up (a loaded machine): click
        // until its client opens, never again once it is open.
        await expect
          .poll(
            async () => {
              if (await tokenField.isVisible()) return true;
              await testRequest.click({ timeout: 5_000 }).catch(() => {});
              await tokenField.waitFor({ state: "visible", timeout: 3_000 }).catch(() => {});
              return tokenField.isVisible();
            },
            { timeout: 60_000 },
          )
          .toBe(true);
        await tokenField.fill(TOKEN);
        const [response] = await Promise.all([
          page.waitForResponse((answer) => answer.url().includes("/trpc/")),
          client.getByRole("button", { name: /^Send get request/ }).click(),
        ]);
        // On the hub itself, at the path the hub answers (not "//trpc/…"), with the token.
        expect(calls).toEqual([{ url: `${server.url}/trpc/domains.list`, authorization: `Bearer ${TOKEN}` }]);
        expect(response.status()).toBe(200);
        expect(await response.json()).toEqual({ result: { data: { items: [], nextCursor: null } } });
      } finally {
        await page.close();
      }
    });
  });
});
