import {
  createFreshDatabase,
  type FreshDatabase,
  natsServerAvailable,
  realPostgresAvailable,
  TestNatsServer,
} from "@statehub/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchChromium, screenshot } from "./support/browser.js";
import { type Hub, startHub } from "./support/hub.js";

const runs = chromiumAvailable() && realPostgresAvailable() && natsServerAvailable();

describe.runIf(runs)("an event's delivery, as the events view shows it", () => {
  let database: FreshDatabase;
  let nats: TestNatsServer;
  let hub: Hub;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    database = await createFreshDatabase();
    // The hub is configured with this server's URL while the server is down.
    nats = await TestNatsServer.start();
    await nats.stop();
    hub = await startHub({ databaseUrl: database.url, natsUrl: nats.url });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await nats?.dispose();
    await database?.drop();
  });

  it("on an empty hub, says what to do to fill it", async () => {
    await page.goto(hub.url);
    const workstreams = page.getByRole("region", { name: "Workstreams by status" });
    await expect.poll(() => workstreams.textContent()).toContain("No workstreams yet.");
    expect(await workstreams.textContent()).toContain("pnpm statehub workplans sync workplans/");
    await expect
      .poll(() => page.getByRole("region", { name: "Latest events" }).textContent())
      .toContain("No events recorded yet.");
    await screenshot(page, "overview-empty");
  });

  it("is pending while NATS is down and becomes published, with its stream sequence, when NATS comes up", async () => {
    const api = hub.client();
    await api.domains.upsert.mutate({ slug: "ops", name: "Ops" });
    await api.repos.register.mutate({ name: "acme/pager", domain: "ops" });

    await page.goto(`${hub.url}/events`);
    const row = page.getByRole("main").getByRole("row", { name: /repo acme\/pager/ });
    await expect.poll(() => row.textContent()).toContain("Pending");
    await screenshot(page, "events-pending");

    await nats.restart();
    // No reload: the view polls, and the relay reconnects by itself.
    await expect.poll(() => row.textContent(), { timeout: 30_000, interval: 500 }).toContain("Published #1");
    expect(await row.textContent()).not.toContain("Pending");
  });
});
