import { createFreshDatabase, type FreshDatabase, realPostgresAvailable } from "@statehub/testing";
import { chromiumAvailable, launchChromium } from "@statehub/testing/chromium";
import type { Browser, Page, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Hub, startHub } from "./support/hub.js";

// A domain with 5,000 tasks: the dashboard loads a page of them at a time, never all.

const TASKS = 5_000;
const TASK_PAGE = 25;
const runs = chromiumAvailable() && realPostgresAvailable();

describe.runIf(runs)("large lists", { timeout: 120_000 }, () => {
  let database: FreshDatabase;
  let hub: Hub;
  let browser: Browser;
  let page: Page;
  let workstreamId = "";

  beforeAll(async () => {
    database = await createFreshDatabase();
    hub = await startHub({ databaseUrl: database.url });
    const client = hub.client();
    await client.domains.upsert.mutate({ slug: "bulk", name: "Bulk" });
    const workstream = await client.workstreams.create.mutate({
      key: "BULK-1",
      title: "Five thousand tasks",
      domain: "bulk",
      status: "active",
    });
    workstreamId = workstream.id;
    // Inserted in one statement: through the API this would be 5,000 calls for nothing the
    // test looks at (what matters is what the dashboard asks for, not how the rows got there).
    await hub.app.database.db.execute(
      `insert into tasks (workstream_id, key, title, status)
       select '${workstream.id}', 'T' || n, 'bulk task ' || n, 'todo' from generate_series(1, ${TASKS}) as n`,
    );
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await database?.drop();
  });

  /** Every /trpc response while `visit` runs: its URL and body size. */
  async function trpcTraffic(visit: () => Promise<void>) {
    const seen: Promise<{ url: string; bytes: number }>[] = [];
    const onResponse = (response: Response) => {
      if (!new URL(response.url()).pathname.startsWith("/trpc/")) return;
      seen.push(response.body().then((body) => ({ url: response.url(), bytes: body.length })));
    };
    page.on("response", onResponse);
    try {
      await visit();
    } finally {
      page.off("response", onResponse);
    }
    return Promise.all(seen);
  }

  /** The inputs of every tasks.list call in these responses (batched calls included). */
  function taskListInputs(responses: { url: string }[]): Array<{ limit?: number }> {
    const inputs: Array<{ limit?: number }> = [];
    for (const { url } of responses) {
      const parsed = new URL(url);
      const procedures = parsed.pathname.slice("/trpc/".length).split(",");
      const raw = parsed.searchParams.get("input");
      const input = raw === null ? {} : JSON.parse(raw);
      const batched = parsed.searchParams.get("batch") === "1";
      procedures.forEach((procedure, i) => {
        if (procedure === "tasks.list") inputs.push(batched ? (input[String(i)] ?? {}) : input);
      });
    }
    return inputs;
  }

  const main = () => page.getByRole("main");
  const todo = () => main().getByRole("region", { name: /^To do/ });

  it("the workstream shows the hub's count and one page of tasks; 'Show more' loads the next page only", async () => {
    const first = await trpcTraffic(async () => {
      await page.goto(`${hub.url}/workstreams/${workstreamId}`);
      await expect.poll(() => todo().getByRole("listitem").count()).toBe(TASK_PAGE);
    });
    expect(await todo().getByRole("heading").textContent()).toBe(`To do ${TASKS}`);
    const asked = taskListInputs(first);
    expect(asked.length).toBeGreaterThan(0);
    for (const input of asked) expect(input.limit).toBe(TASK_PAGE);
    const bytes = first.reduce((sum, r) => sum + r.bytes, 0);
    console.info(`workstream with ${TASKS} tasks: ${first.length} /trpc answers, ${bytes} bytes in all`);
    // All 5,000 tasks as JSON would be over a megabyte.
    expect(bytes).toBeLessThan(100_000);

    const more = await trpcTraffic(async () => {
      await todo().getByRole("button", { name: "Show more to do tasks" }).click();
      await expect.poll(() => todo().getByRole("listitem").count()).toBe(2 * TASK_PAGE);
    });
    const next = taskListInputs(more);
    expect(next).toHaveLength(1);
    expect(next[0]).toMatchObject({ limit: TASK_PAGE, status: "todo", cursor: expect.any(String) });
  });

  it("the domain page never lists the tasks", async () => {
    const responses = await trpcTraffic(async () => {
      await page.goto(`${hub.url}/domains/bulk`);
      await expect.poll(() => main().textContent()).toContain("BULK-1");
    });
    for (const input of taskListInputs(responses)) expect(input.limit).toBeLessThanOrEqual(TASK_PAGE);
    expect(responses.reduce((sum, r) => sum + r.bytes, 0)).toBeLessThan(100_000);
  });
});
