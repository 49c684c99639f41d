import { type DatabaseAndNats, databaseAndNatsAvailable, startDatabaseAndNats } from "@statehub/testing";
import { chromiumAvailable, launchChromium } from "@statehub/testing/chromium";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./support/browser.js";
import { type Hub, startHub } from "./support/hub.js";

const runs = chromiumAvailable() && databaseAndNatsAvailable();

describe.runIf(runs)("an event's delivery, as the events view shows it", () => {
  let services: DatabaseAndNats;
  let hub: Hub;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    services = await startDatabaseAndNats();
    const { database, nats } = services;
    // The hub is configured with this server's URL while the server is down.
    await nats.stop();
    hub = await startHub({ databaseUrl: database.url, natsUrl: nats.url });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await services?.dispose();
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
    // The relay's health says why: NATS is not reachable, one event waits.
    const health = page.getByRole("region", { name: "Delivery to NATS" });
    await expect.poll(() => health.textContent()).toContain("Waiting to be published1 event");
    expect(await health.textContent()).not.toContain("NATSconnected");
    await screenshot(page, "events-pending");

    await services.nats.restart();
    // No reload: the view polls, and the relay reconnects by itself — after its backoff, which
    // grows while NATS is down (at most 2 minutes, see the relay's backoff policy).
    await expect.poll(() => row.textContent(), { timeout: 150_000, interval: 500 }).toContain("Published #1");
    expect(await row.textContent()).not.toContain("Pending");
    await expect.poll(() => health.textContent()).toContain("Waiting to be publishednothing");
  }, 240_000);
});

describe.runIf(runs)("an event NATS refuses for good, as the events view shows it", () => {
  let services: DatabaseAndNats;
  let hub: Hub;
  let browser: Browser;

  beforeAll(async () => {
    // NATS takes at most 1,024 bytes per message: a repo with a long URL makes an event it never will.
    services = await startDatabaseAndNats({ maxPayload: 1024 });
    const { database, nats } = services;
    hub = await startHub({ databaseUrl: database.url, natsUrl: nats.url });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await services?.dispose();
  });

  it("is parked, with the reason, while the events after it are published", async () => {
    const api = hub.client();
    await api.domains.upsert.mutate({ slug: "ops", name: "Ops" });
    await api.repos.register.mutate({
      name: "acme/poison",
      domain: "ops",
      url: `https://git.example.com/${"a".repeat(1_476)}`,
    });
    await api.repos.register.mutate({ name: "acme/fine", domain: "ops" });

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${hub.url}/events`);
    const main = page.getByRole("main");
    const poison = main.getByRole("row", { name: /repo acme\/poison/ });
    await expect.poll(() => poison.textContent(), { timeout: 90_000, interval: 500 }).toContain("Parked");
    expect(await poison.textContent()).toMatch(/payload|max_payload|too large/i);
    expect(await poison.textContent()).toContain("an operator can retry or discard it");
    await expect
      .poll(() => main.getByRole("row", { name: /repo acme\/fine/ }).textContent())
      .toMatch(/Published #\d+/);
    const health = page.getByRole("region", { name: "Delivery to NATS" });
    await expect.poll(() => health.textContent()).toContain("Parked1 event NATS refused for good");
    await screenshot(page, "events-parked");
    await page.close();
  }, 180_000);
});
