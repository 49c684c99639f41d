import { ManualClock } from "@statehub/api";
import type { StateHubClient } from "@statehub/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure } from "./support/errors.js";
import { startTestServer, type TestServer } from "./support/server.js";

// Every procedure through the typed client against a real HTTP server (auth off).
describe("the API through the typed client", () => {
  let server: TestServer;
  let hub: StateHubClient;
  const clock = new ManualClock("2026-04-01T08:00:00.000Z");

  beforeAll(async () => {
    server = await startTestServer({ clock });
    hub = server.client();
  });
  afterAll(() => server.close());

  it("drives every procedure", async () => {
    const domain = await hub.domains.upsert.mutate({
      slug: "payments",
      name: "Payments",
      description: "money",
    });
    expect(domain).toMatchObject({ slug: "payments", createdAt: "2026-04-01T08:00:00.000Z" });
    expect((await hub.domains.list.query()).items.map((d) => d.slug)).toEqual(["payments"]);

    const goal = await hub.domainGoals.create.mutate({ domain: "payments", title: "PCI" });
    expect(goal.status).toBe("proposed");
    expect((await hub.domainGoals.activate.mutate({ id: goal.id })).status).toBe("active");
    expect((await hub.domainGoals.achieve.mutate({ id: goal.id })).status).toBe("achieved");
    const goal2 = await hub.domainGoals.create.mutate({ domain: "payments", title: "Drop" });
    expect((await hub.domainGoals.abandon.mutate({ id: goal2.id })).status).toBe("abandoned");
    expect(await hub.domainGoals.get.query({ id: goal.id })).toMatchObject({ status: "achieved" });
    expect(
      (await hub.domainGoals.list.query({ domain: "payments", status: "abandoned" })).items,
    ).toHaveLength(1);

    const repo = await hub.repos.register.mutate({
      name: "acme/pay",
      domain: "payments",
      url: "https://git.example/pay",
    });
    expect(await hub.repos.get.query({ id: repo.id })).toEqual(repo);
    expect(await hub.repos.get.query({ name: "acme/pay" })).toEqual(repo);
    expect((await hub.repos.list.query({ domain: "payments" })).items).toEqual([repo]);

    const ws = await hub.workstreams.create.mutate({
      key: "PAY-1",
      title: "Checkout",
      domain: "payments",
      repo: "acme/pay",
    });
    expect(ws).toMatchObject({ status: "planned", repo: "acme/pay" });
    clock.advanceDays(1);
    const completed = await hub.workstreams.update.mutate({ id: ws.id, status: "completed" });
    expect(completed).toMatchObject({ status: "completed", updatedAt: "2026-04-02T08:00:00.000Z" });
    expect(await hub.workstreams.get.query({ key: "PAY-1" })).toEqual(completed);
    expect(await hub.workstreams.get.query({ id: ws.id })).toEqual(completed);
    expect((await hub.workstreams.list.query({ status: "completed" })).items.map((w) => w.id)).toEqual([
      ws.id,
    ]);

    const task = await hub.tasks.create.mutate({ workstreamId: ws.id, key: "PAY-1-1", title: "Form" });
    expect((await hub.tasks.update.mutate({ id: task.id, status: "done" })).status).toBe("done");
    expect(await hub.tasks.get.query({ id: task.id })).toMatchObject({
      status: "done",
      staleFlaggedAt: null,
    });
    expect((await hub.tasks.list.query({ workstreamId: ws.id })).items).toHaveLength(1);
    expect((await hub.tasks.list.query({ staleOnly: true })).items).toEqual([]);

    const decision = await hub.decisions.create.mutate({ title: "Provider", domain: "payments" });
    const resolved = await hub.decisions.resolve.mutate({
      id: decision.id,
      resolution: "Stripe",
      resolvedBy: "cto",
    });
    expect(resolved).toMatchObject({ status: "resolved", resolvedBy: "cto" });
    expect(await hub.decisions.get.query({ id: decision.id })).toEqual(resolved);
    expect((await hub.decisions.list.query({ status: "resolved" })).items).toHaveLength(1);

    const note = await hub.progress.record.mutate({
      entityType: "workstream",
      entityId: ws.id,
      message: "shipped",
    });
    expect(note.author).toBeNull(); // auth off: no caller name
    expect((await hub.progress.list.query({ entityId: ws.id })).items).toEqual([note]);

    const events = await hub.events.list.query();
    expect(events.items.map((e) => e.envelope.type)).toEqual([
      "org.statehub.domain.goal.activated",
      "org.statehub.repo.registered",
      "org.statehub.workstream.completed",
      "org.statehub.decision.resolved",
    ]);
    expect(events.items.every((e) => e.publishedAt === null)).toBe(true);
    const tail = await hub.events.list.query({
      after: events.items[1]!.cursor,
      subject: "org.statehub.decision.resolved",
    });
    expect(tail.items.map((e) => e.envelope.subject)).toEqual([decision.id]);
  });

  it("answers invalid input with BAD_REQUEST and per-field messages", async () => {
    const error = await failure(
      // @ts-expect-error: unknown key and a bad slug, on purpose
      hub.repos.register.mutate({ name: "ok/name", domain: "Not A Slug", extra: true }),
    );
    expect(error.data?.code).toBe("BAD_REQUEST");
    expect(error.data?.httpStatus).toBe(400);
    expect(error.data?.fieldErrors?.domain?.[0]).toMatch(/lowercase/);
    expect(error.data?.formErrors?.join()).toMatch(/extra/);
    expect(error.message).toMatch(/^invalid input: domain:/);

    const badId = await failure(hub.tasks.get.query({ id: "not-a-uuid" }));
    expect(badId.data?.fieldErrors?.id).toEqual(["must be a UUID"]);
    const tooLong = await failure(hub.decisions.create.mutate({ title: "x".repeat(501) }));
    expect(tooLong.data?.fieldErrors?.title).toBeDefined();
    const nul = await failure(hub.domains.upsert.mutate({ slug: "nul", name: "a\u0000b" }));
    expect(nul.data?.fieldErrors?.name).toEqual(["must not contain NUL characters"]);
    const limit = await failure(hub.repos.list.query({ limit: 501 }));
    expect(limit.data?.fieldErrors?.limit).toBeDefined();
    const cursor = await failure(hub.repos.list.query({ cursor: "bogus" }));
    expect(cursor.data?.fieldErrors?.cursor?.[0]).toMatch(/malformed cursor/);
    const unknownDomain = await failure(hub.repos.register.mutate({ name: "x/y", domain: "nowhere" }));
    expect(unknownDomain.data?.code).toBe("BAD_REQUEST");
    expect(unknownDomain.data?.fieldErrors?.domain?.[0]).toMatch(/unknown domain/);
    const neither = await failure(hub.repos.get.query({} as never));
    expect(neither.data?.code).toBe("BAD_REQUEST");
    expect(neither.message).toMatch(/either \{ id \}/);
  });

  it("answers unknown ids with NOT_FOUND", async () => {
    const error = await failure(hub.decisions.get.query({ id: "01900000-0000-7000-8000-000000000000" }));
    expect(error.data?.code).toBe("NOT_FOUND");
    expect(error.data?.httpStatus).toBe(404);
    expect((await failure(hub.repos.get.query({ name: "no/such" }))).data?.code).toBe("NOT_FOUND");
    expect((await failure(hub.workstreams.get.query({ key: "NOPE" }))).data?.code).toBe("NOT_FOUND");
  });

  it("answers illegal transitions and conflicting details with CONFLICT naming the current state", async () => {
    await hub.domains.upsert.mutate({ slug: "conflicts", name: "C" });
    const decision = await hub.decisions.create.mutate({ title: "T" });
    await hub.decisions.resolve.mutate({ id: decision.id, resolution: "r" });
    const goal = await hub.domainGoals.create.mutate({ domain: "conflicts", title: "g" });
    await hub.domainGoals.abandon.mutate({ id: goal.id });
    const error = await failure(hub.domainGoals.activate.mutate({ id: goal.id }));
    expect(error.data?.code).toBe("CONFLICT");
    expect(error.data?.httpStatus).toBe(409);
    expect(error.data?.currentState).toBe("abandoned");
    expect(error.message).toContain("abandoned");

    await hub.repos.register.mutate({ name: "c/repo", domain: "conflicts", defaultBranch: "main" });
    const repoConflict = await failure(
      hub.repos.register.mutate({ name: "c/repo", domain: "conflicts", defaultBranch: "dev" }),
    );
    expect(repoConflict.data?.code).toBe("CONFLICT");
    expect(repoConflict.message).toMatch(/defaultBranch is "main"/);
  });

  it("never puts a stack trace in an error", async () => {
    const errors = [
      await failure(hub.tasks.get.query({ id: "nope" })),
      await failure(hub.tasks.get.query({ id: "01900000-0000-7000-8000-000000000000" })),
    ];
    for (const error of errors) {
      expect(error.data).not.toHaveProperty("stack");
      expect(JSON.stringify(error.shape)).not.toMatch(/\bat .*\.(ts|js):\d+/);
    }
    const raw = await fetch(`${server.url}/trpc/tasks.get?input=${encodeURIComponent('{"id":"x"}')}`);
    const body = await raw.text();
    expect(raw.status).toBe(400);
    expect(body).not.toContain("stack");
  });

  it("logs one line per call with procedure, outcome and duration", async () => {
    await hub.domains.list.query();
    const line = server.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .findLast((l) => l.procedure === "domains.list");
    expect(line).toMatchObject({ procedure: "domains.list", type: "query", outcome: "ok" });
    expect(typeof line?.durationMs).toBe("number");
  });
});
