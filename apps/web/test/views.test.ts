import { type DatabaseAndNats, databaseAndNatsAvailable, startDatabaseAndNats } from "@statehub/testing";
import { chromiumAvailable, launchChromium } from "@statehub/testing/chromium";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordTraffic, screenshot } from "./support/browser.js";
import { type Hub, ShiftedClock, startHub } from "./support/hub.js";
import { type Seeded, seedOrganisation } from "./support/seed.js";

// The dashboard against a real hub (Postgres, its own nats-server), seeded through the API.

const runs = chromiumAvailable() && databaseAndNatsAvailable();

describe.runIf(runs)("the dashboard's views", () => {
  let services: DatabaseAndNats;
  let hub: Hub;
  let browser: Browser;
  let page: Page;
  let seeded: Seeded;

  beforeAll(async () => {
    services = await startDatabaseAndNats();
    const { database, nats } = services;
    const clock = new ShiftedClock();
    hub = await startHub({ databaseUrl: database.url, natsUrl: nats.url, clock });
    seeded = await seedOrganisation(hub.client(), clock);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await services?.dispose();
  });

  const main = () => page.getByRole("main");
  const section = (name: string) => main().getByRole("region", { name });

  it("overview: domains with active goals, blocked since, stale tasks, open decisions — in at most 4 requests", async () => {
    const traffic = recordTraffic(page);
    await page.goto(hub.url);
    await expect
      .poll(() => section("Open decisions").textContent())
      .toContain("Which queue for settlement jobs?");
    await expect.poll(() => section("Stale tasks").textContent()).toContain("T1: Draft the schema");

    await expect.poll(() => section("Latest events").textContent()).toContain("task T1");
    const requestsForOverview = traffic.trpcUrls.length;

    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Overview");
    const tally = section("Workstreams by status").getByRole("list", { name: "4 workstreams" });
    for (const [status, count] of [
      ["Blocked", "1"],
      ["Active", "1"],
      ["Planned", "1"],
      ["Completed", "1"],
      ["Cancelled", "0"],
    ]) {
      expect(await tally.getByRole("listitem").filter({ hasText: status }).textContent()).toBe(
        `${count} ${status}`,
      );
    }
    const domains = await section("Domains and their active goals").textContent();
    expect(domains).toContain("Payments");
    expect(domains).toContain("Settle every payment within a day");
    expect(domains).toContain("Platform");
    expect(domains).toContain("CI under ten minutes");
    expect(domains).not.toContain("Support a second currency"); // proposed, not active
    expect(domains).toContain("1 blocked · 1 active");
    expect(domains).toContain("1 planned · 1 completed");
    // Newest first: the stale flag was the last thing recorded.
    const latest = section("Latest events").getByRole("row");
    expect(await latest.nth(1).textContent()).toContain("Task stale");
    expect(await latest.count()).toBe(8);

    const blocked = section("Blocked workstreams");
    const row = blocked.getByRole("row", { name: /PAY-2: Refunds/ });
    expect(await row.textContent()).toContain("9 days ago");
    expect(await blocked.textContent()).not.toContain("PAY-1");

    expect(await section("Open decisions").textContent()).not.toContain("Use Postgres for the ledger");
    await screenshot(page, "overview");
    console.info(
      `overview: its data in ${requestsForOverview} /trpc request(s): ${traffic.trpcUrls
        .slice(0, requestsForOverview)
        .map((u) => new URL(u).pathname)
        .join(" ")}`,
    );
    expect(requestsForOverview).toBeGreaterThanOrEqual(1);
    expect(requestsForOverview).toBeLessThanOrEqual(4);
  });

  it("links navigate: overview → domain → workstream, each at its own URL", async () => {
    await page.goto(hub.url);
    await section("Domains and their active goals").getByRole("link", { name: "Payments" }).click();
    await page.waitForURL(`${hub.url}/domains/payments`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Payments domain");
    await expect.poll(() => section("Workstreams").textContent()).toContain("PAY-1: Ledger v2");
    await expect.poll(() => section("Goals").textContent()).toContain("Support a second currency");
    await expect.poll(() => section("Repos").textContent()).toContain("acme/ledger");
    expect(await page.title()).toBe("Payments · statehub");
    await screenshot(page, "domain");

    await section("Workstreams").getByRole("link", { name: "PAY-1: Ledger v2" }).click();
    await page.waitForURL(`${hub.url}/workstreams/${seeded.ledger.id}`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("PAY-1: Ledger v2");
  });

  it("a filter changes the URL and the results; back restores both", async () => {
    await page.goto(`${hub.url}/domains/payments`);
    await expect.poll(() => section("Workstreams").textContent()).toContain("PAY-1: Ledger v2");
    expect(
      await main()
        .getByRole("option", { name: /^Blocked/ })
        .textContent(),
    ).toBe("Blocked (1)");
    await main().getByLabel("Status").selectOption("blocked");
    await page.waitForURL(`${hub.url}/domains/payments?status=blocked`);
    await expect.poll(() => section("Workstreams").textContent()).toContain("PAY-2: Refunds");
    expect(await section("Workstreams").textContent()).not.toContain("PAY-1");

    await page.goBack();
    await page.waitForURL(`${hub.url}/domains/payments`);
    await expect.poll(() => section("Workstreams").textContent()).toContain("PAY-1: Ledger v2");
    expect(await main().getByLabel("Status").inputValue()).toBe("");

    // A shared link with a filter opens filtered.
    await page.goto(`${hub.url}/domains/payments?status=active`);
    await expect.poll(() => section("Workstreams").textContent()).toContain("PAY-1: Ledger v2");
    expect(await section("Workstreams").textContent()).not.toContain("PAY-2");
  });

  it("workstream: status and since, tasks by status, progress notes", async () => {
    await page.goto(`${hub.url}/workstreams/${seeded.ledger.id}`);
    await expect.poll(() => section("Tasks by status").textContent()).toContain("Backfill balances");
    const tasks = section("Tasks by status");
    for (const [group, task] of [
      ["Blocked", "Wait for the audit"],
      ["In progress", "Backfill balances"],
      ["To do", "Retire ledger v1"],
      ["Done", "Write the migration"],
    ]) {
      expect(await tasks.getByRole("region", { name: new RegExp(`^${group}`) }).textContent()).toContain(
        task,
      );
    }
    expect(await tasks.getByRole("region", { name: /^To do/ }).textContent()).toContain("Draft the schema");
    // Each group's heading carries the hub's count of it.
    expect(await tasks.getByRole("heading", { name: /^To do/ }).textContent()).toBe("To do 2");
    expect(await tasks.getByRole("heading", { name: /^Cancelled/ }).textContent()).toBe("Cancelled 0");
    expect(await tasks.getByRole("region", { name: /^To do/ }).textContent()).toContain("Stale");
    expect(await main().textContent()).toContain("acme/ledger");
    await expect.poll(() => section("History").textContent()).toContain("Schema agreed with finance.");
    expect(await page.title()).toBe("PAY-1: Ledger v2 · statehub");
    await screenshot(page, "workstream");

    expect(await main().textContent()).toContain("not from a workplan (created through the API)");
    await page.goto(`${hub.url}/workstreams/${seeded.cache.id}`);
    await expect
      .poll(() => main().textContent())
      .toContain("workplans/PLT-2.md in acme/runners at 3f4467f0c2a1, synced 2 days ago");

    // A key works as the address too.
    await page.goto(`${hub.url}/workstreams/PAY-2`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("PAY-2: Refunds");
    await expect.poll(() => section("History").textContent()).toContain("Blocked on the bank's refund API.");
  });

  it("decisions: open and resolved, with the resolution and who resolved it; filtered by status", async () => {
    await page.goto(`${hub.url}/decisions`);
    await expect.poll(() => main().textContent()).toContain("Use Postgres for the ledger");
    expect(await main().textContent()).toContain("Which queue for settlement jobs?");
    await main().getByLabel("Status").selectOption("resolved");
    await page.waitForURL(`${hub.url}/decisions?status=resolved`);
    await expect.poll(() => main().textContent()).toContain("Postgres 16, one database per service.");
    expect(await main().textContent()).not.toContain("Which queue");
    const text = await main().textContent();
    expect(text).toContain("Postgres 16, one database per service.");
    expect(text).toContain("Resolved by alice");
    await screenshot(page, "decisions");

    await main().getByRole("link", { name: "Use Postgres for the ledger" }).click();
    await page.waitForURL(`${hub.url}/decisions/${seeded.resolvedDecision.id}`);
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent())
      .toBe("Use Postgres for the ledger");
    await expect.poll(() => main().textContent()).toContain("Resolved by alice");
    await screenshot(page, "decision");
  });

  it("events: the log with delivery state and a link to each entity; filtered by subject", async () => {
    await page.goto(`${hub.url}/events`);
    const table = main().getByRole("table");
    await expect.poll(() => table.getByRole("row").count()).toBe(8); // header + 7 events
    // NATS is up: every event is delivered, with its stream sequence.
    await expect.poll(() => table.getByText("Published").count(), { timeout: 20_000 }).toBe(7);
    // Newest first.
    expect(await table.getByRole("row").nth(1).textContent()).toContain("Task stale");
    expect(await table.getByRole("row").nth(7).textContent()).toContain("Domain goal activated");
    expect(await table.textContent()).toMatch(/Published #\d+/);
    expect(await table.textContent()).toContain("Task stale");
    await screenshot(page, "events");

    await main().getByLabel("Subject").selectOption("org.statehub.workstream.completed");
    await page.waitForURL(`${hub.url}/events?subject=org.statehub.workstream.completed`);
    await expect.poll(() => table.getByRole("row").count()).toBe(2);
    const health = section("Delivery to NATS");
    expect(await health.textContent()).toContain("NATSconnected");
    expect(await health.textContent()).toContain("Waiting to be publishednothing");
    expect(await health.textContent()).toContain("Parkednone");

    // The entity filter: the events about one workstream, by its id.
    await main().getByLabel("Entity id").fill(seeded.runners.id.toUpperCase());
    await main().getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(
      `${hub.url}/events?subject=org.statehub.workstream.completed&entity=${seeded.runners.id}`,
    );
    await expect.poll(() => table.getByRole("row").count()).toBe(2);
    await main().getByLabel("Subject").selectOption("org.statehub.decision.resolved");
    await expect
      .poll(() => main().textContent())
      .toContain(`No events with subject org.statehub.decision.resolved about ${seeded.runners.id}`);
    await main().getByLabel("Subject").selectOption("");
    await page.waitForURL(`${hub.url}/events?entity=${seeded.runners.id}`);
    await expect.poll(() => table.getByRole("row").count()).toBe(2);
    await table.getByRole("link", { name: "workstream PLT-1" }).click();
    await page.waitForURL(`${hub.url}/workstreams/${seeded.runners.id}`);
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent())
      .toBe("PLT-1: Faster CI runners");
    // Its history holds the event (notes and events, interleaved by time).
    await expect.poll(() => section("History").textContent()).toContain("Workstream completed");
  });

  it("shows what changes without a reload", async () => {
    await page.goto(`${hub.url}/domains/platform`);
    await expect.poll(() => section("Workstreams").textContent()).toContain("PLT-2: Build cache");
    await hub.client().workstreams.create.mutate({ key: "PLT-3", title: "Arm runners", domain: "platform" });
    await expect
      .poll(() => section("Workstreams").textContent(), { timeout: 10_000 })
      .toContain("PLT-3: Arm runners");
  });

  it("works by keyboard: skip link, then the main navigation", async () => {
    await page.goto(hub.url);
    // React renders after the load event that goto waits for: a Tab pressed before the first
    // render has nothing to focus (CI saw the body focused once).
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.keyboard.press("Tab"); // statehub
    await page.keyboard.press("Tab"); // Overview
    await page.keyboard.press("Tab"); // Decisions
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Decisions");
    await page.keyboard.press("Enter");
    await page.waitForURL(`${hub.url}/decisions`);
    // Focus moved to the new view, not left on the link.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
  });

  it("fits a 360 px wide screen without sideways scrolling, and follows the system's dark mode", async () => {
    const phone = await browser.newPage({ viewport: { width: 360, height: 780 }, colorScheme: "dark" });
    try {
      for (const path of ["/", `/workstreams/${seeded.ledger.id}`, "/events", "/decisions"]) {
        await phone.goto(`${hub.url}${path}`);
        await phone.getByRole("heading", { level: 1 }).waitFor();
        await expect.poll(() => phone.locator("[aria-busy=true]").count()).toBe(0);
        const width = await phone.evaluate(() => document.documentElement.scrollWidth);
        expect([path, width]).toEqual([path, 360]);
      }
      const background = await phone.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe("rgb(13, 17, 23)");
      await phone.goto(hub.url);
      await phone.getByRole("region", { name: "Open decisions" }).getByText("Which queue").waitFor();
      await screenshot(phone, "overview-360-dark");
    } finally {
      await phone.close();
    }
  });

  it("says when a page or a domain does not exist", async () => {
    await page.goto(`${hub.url}/nothing/here`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Page not found");
    await page.goto(`${hub.url}/domains/nope`);
    await expect.poll(() => main().textContent()).toContain("The hub has no domain nope.");
    const unknown = "01936f6e-0000-7000-8000-000000000000";
    await page.goto(`${hub.url}/workstreams/${unknown}`);
    await expect
      .poll(() => main().getByRole("alert").textContent())
      .toContain(`workstream ${unknown} not found`);
    await expect.poll(() => main().getByRole("alert").count()).toBe(1);
  });
});
