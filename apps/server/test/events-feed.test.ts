import { ManualClock } from "@statehub/api";
import type { StateHubClient } from "@statehub/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure } from "./support/errors.js";
import { startTestServer, type TestServer } from "./support/server.js";

// events.list over HTTP, as the dashboard calls it: {subject?, entity?, after?, limit?}.
describe("events.list through the typed client", () => {
  let server: TestServer;
  let hub: StateHubClient;
  let first: string;
  let second: string;

  beforeAll(async () => {
    server = await startTestServer({ clock: new ManualClock("2026-04-01T08:00:00.000Z") });
    hub = server.client();
    await hub.domains.upsert.mutate({ slug: "feed", name: "Feed" });
    first = (await hub.repos.register.mutate({ name: "acme/first", domain: "feed" })).id;
    const decision = await hub.decisions.create.mutate({ title: "Pick a feed order", domain: "feed" });
    await hub.decisions.resolve.mutate({ id: decision.id, resolution: "by transaction" });
    second = (await hub.repos.register.mutate({ name: "acme/second", domain: "feed" })).id;
  });
  afterAll(() => server?.close());

  const subjectsOf = (page: { items: Array<{ envelope: { type: string } }> }) =>
    page.items.map((item) => item.envelope.type);

  it("filters by entity and by subject, and pages with after", async () => {
    const onlySecond = await hub.events.list.query({ entity: second });
    expect(onlySecond.items.map((item) => item.envelope.subject)).toEqual([second]);
    const repos = await hub.events.list.query({ subject: "org.statehub.repo.registered", limit: 1 });
    expect(repos.items.map((item) => item.envelope.subject)).toEqual([first]);
    const next = await hub.events.list.query({
      subject: "org.statehub.repo.registered",
      after: repos.nextCursor ?? "",
    });
    expect(next.items.map((item) => item.envelope.subject)).toEqual([second]);
    expect(next.nextCursor).toBeNull();
    expect(subjectsOf(await hub.events.list.query())).toEqual([
      "org.statehub.repo.registered",
      "org.statehub.decision.resolved",
      "org.statehub.repo.registered",
    ]);
  });

  it("refuses a subject outside the contract's pattern, a bad entity and a malformed cursor, naming the field", async () => {
    for (const [input, field] of [
      [{ subject: "org.statehub.repo" }, "subject"],
      [{ subject: "com.example.repo.registered" }, "subject"],
      [{ subject: "org.statehub.repo.registered.extra.segment" }, "subject"],
      [{ entity: "" }, "entity"],
      [{ entity: "x".repeat(201) }, "entity"],
      [{ entity: "nul\u0000" }, "entity"],
    ] as const) {
      const error = await failure(hub.events.list.query(input));
      expect(error.data?.code).toBe("BAD_REQUEST");
      expect(Object.keys(error.data?.fieldErrors ?? {})).toEqual([field]);
    }
    const cursor = await failure(hub.events.list.query({ after: "not-a-cursor" }));
    expect(cursor.data?.code).toBe("BAD_REQUEST");
    expect(cursor.message).toMatch(/after.*malformed cursor/);
  });
});
