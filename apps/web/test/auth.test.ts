import { createFreshDatabase, type FreshDatabase, realPostgresAvailable } from "@statehub/testing";
import { chromiumAvailable, launchChromium } from "@statehub/testing/chromium";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordTraffic, screenshot } from "./support/browser.js";
import { type Hub, startHub } from "./support/hub.js";

// Tokens with auth on, and a hub that goes away and comes back, as a person at the page sees it.

const READ_TOKEN = "dashboard-read-token-0123456789abcdef";
const WRITE_TOKEN = "dashboard-write-token-0123456789abcdef";
const ROTATED_TOKEN = "dashboard-rotated-token-0123456789abcdef";
const WRONG_TOKEN = "dashboard-wrong-token-0123456789abcdef";
const TOKENS = `viewer:${READ_TOKEN}:read,seeder:${WRITE_TOKEN}:write`;

const runs = chromiumAvailable() && realPostgresAvailable();

describe.runIf(runs)("the dashboard with tokens configured", () => {
  let database: FreshDatabase;
  let hub: Hub;
  let port: number;
  let browser: Browser;
  let page: Page;
  let traffic: ReturnType<typeof recordTraffic>;

  beforeAll(async () => {
    database = await createFreshDatabase();
    hub = await startHub({ databaseUrl: database.url, tokens: TOKENS });
    port = hub.port;
    const api = hub.client(WRITE_TOKEN);
    await api.domains.upsert.mutate({ slug: "payments", name: "Payments" });
    await api.decisions.create.mutate({ title: "Which queue for settlement jobs?", domain: "payments" });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    traffic = recordTraffic(page);
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await database?.drop();
  });

  const dialog = () => page.getByRole("dialog", { name: "A read token is needed" });
  const openDecisions = () => page.getByRole("region", { name: "Open decisions" });
  const storedToken = () => page.evaluate(() => sessionStorage.getItem("statehub.token"));

  async function enterToken(token: string) {
    await dialog().getByLabel("Token").fill(token);
    await dialog().getByRole("button", { name: "Use this token" }).click();
  }

  it("asks for a token when the hub answers 401, and refuses a wrong one clearly", async () => {
    await page.goto(hub.url);
    await dialog().waitFor();
    expect(await dialog().textContent()).toContain("This hub requires an API token");
    await screenshot(page, "token-prompt");

    await enterToken(WRONG_TOKEN);
    await expect
      .poll(() => dialog().getByRole("alert").textContent())
      .toContain("The hub refused this token");
    expect(await dialog().isVisible()).toBe(true);
    expect(await storedToken()).toBeNull();

    await enterToken("two words");
    await expect
      .poll(() => dialog().getByRole("alert").textContent())
      .toContain("A token has no spaces in it.");
  });

  it("accepts a read token, keeps it for the tab's session only, and shows the data", async () => {
    await enterToken(`Bearer ${READ_TOKEN}`);
    await dialog().waitFor({ state: "hidden" });
    await expect.poll(() => openDecisions().textContent()).toContain("Which queue for settlement jobs?");
    expect(await storedToken()).toBe(READ_TOKEN);
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);

    // A reload keeps the session: no prompt.
    await page.reload();
    await expect.poll(() => openDecisions().textContent()).toContain("Which queue for settlement jobs?");
    expect(await dialog().isVisible()).toBe(false);

    // Another browser session starts without it.
    const other = await browser.newContext();
    try {
      const otherPage = await other.newPage();
      await otherPage.goto(hub.url);
      await otherPage.getByRole("dialog", { name: "A read token is needed" }).waitFor();
    } finally {
      await other.close();
    }
  });

  it("shows a hub that stops answering in place, and recovers by itself when it is back", async () => {
    await hub.close();
    await expect
      .poll(() => page.getByRole("status").first().textContent())
      .toBe("The hub is not answering; retrying.");
    await expect.poll(() => openDecisions().textContent()).toContain("The hub did not answer.");
    // What was loaded stays on the page under the message.
    expect(await openDecisions().textContent()).toContain("Which queue for settlement jobs?");
    await screenshot(page, "hub-down");

    hub = await startHub({ databaseUrl: database.url, tokens: TOKENS, port });
    await expect.poll(() => page.getByRole("status").first().textContent()).toBe("Live");
    await expect.poll(() => openDecisions().getByRole("alert").count()).toBe(0);
    expect(await dialog().isVisible()).toBe(false);
  });

  it("asks again when the hub no longer accepts the token (rotated), then carries on", async () => {
    await hub.close();
    hub = await startHub({ databaseUrl: database.url, tokens: `viewer:${ROTATED_TOKEN}:read`, port });
    await dialog().waitFor();
    expect(await dialog().textContent()).toContain("The hub no longer accepts the token this tab had.");
    expect(await storedToken()).toBeNull();

    await enterToken(ROTATED_TOKEN);
    await dialog().waitFor({ state: "hidden" });
    await expect.poll(() => openDecisions().textContent()).toContain("Which queue for settlement jobs?");
  });

  it("never puts a token in a URL or a log line", () => {
    const seen = [...traffic.allUrls, ...traffic.consoleLines].join("\n");
    expect(traffic.trpcUrls.length).toBeGreaterThan(0);
    for (const token of [READ_TOKEN, WRONG_TOKEN, ROTATED_TOKEN]) expect(seen).not.toContain(token);
    expect(page.url()).not.toContain("token");
  });
});
