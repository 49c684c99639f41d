import { appRouter } from "@statehub/api";
import { markRefused } from "@statehub/api/outbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleOf, validSamples } from "../bad-input/support/procedures.js";
import { startTestServer, type TestServer } from "../support/server.js";
import {
  callAsDocumented,
  loadDocument,
  type OpenApiOperation,
  operationsOf,
  responseValidators,
} from "./document.js";

// Every procedure called on a live hub exactly as docs/openapi.json describes the call, and
// every real answer — success and error — validated by Ajv against the document's schema for
// that status. A status the document does not declare for the operation fails too.
const WRITE = "contract-write-token-0000000001";
const READ = "contract-read-token-00000000001";

describe("docs/openapi.json against a live hub", { timeout: 120_000 }, () => {
  let server: TestServer;
  const document = loadDocument();
  const validators = responseValidators(document);
  const operations = operationsOf(document);
  const procedures = operations.filter((op) => op.path.startsWith("/trpc/"));
  let samples: ReturnType<typeof validSamples>;
  let freshGoal: () => Promise<string>;
  let eventId: string;
  let parkedId: string;

  function expectDocumented(op: OpenApiOperation, status: number, body: unknown): void {
    const where = `${op.method.toUpperCase()} ${op.path} → ${status} ${JSON.stringify(body).slice(0, 400)}`;
    const validate = validators.validator(op.path, op.method, status);
    expect(validate, `${where}: status not declared in the document`).toBeDefined();
    if (!validate) return;
    const valid = validate(body);
    expect(valid, `${where}\n${validators.errorsText(validate)}`).toBe(true);
  }

  beforeAll(async () => {
    server = await startTestServer({
      tokens: [
        { name: "writer", token: WRITE, scope: "write" },
        { name: "reader", token: READ, scope: "read" },
      ],
    });
    const client = server.client(WRITE);
    const domain = "contract";
    await client.domains.upsert.mutate({ slug: domain, name: "Contract" });
    const repo = await client.repos.register.mutate({
      name: "contract/repo",
      domain,
      url: "https://example.test/r",
      defaultBranch: "main",
    });
    const workstream = await client.workstreams.create.mutate({ key: "contract-ws", title: "ws", domain });
    const task = await client.tasks.create.mutate({ workstreamId: workstream.id, title: "task" });
    const decision = await client.decisions.create.mutate({ title: "decide" });
    const goal = await client.domainGoals.create.mutate({ domain, title: "goal" });
    await client.progress.record.mutate({ entityType: "task", entityId: task.id, message: "note" });
    const [recorded] = (await client.events.list.query({ limit: 1 })).items;
    eventId = recorded!.envelope.id;
    // One parked event, so outbox.parked lists one and outbox.discard has one to discard.
    await client.repos.register.mutate({ name: "contract/parked", domain });
    const page = await client.events.list.query({ order: "newest", limit: 1 });
    parkedId = page.items[0]!.envelope.id;
    await markRefused(server.database.db, [{ id: parkedId, reason: "payload too large" }], new Date(), {
      parkAfterRefusals: 1,
      refusalRetryMs: 1_000,
    });
    const sampled = validSamples({
      domain,
      repo: repo.name,
      workstreamId: workstream.id,
      workstreamKey: "contract-ws",
      taskId: task.id,
      decisionId: decision.id,
      goalId: goal.id,
      eventId,
    });
    samples = { ...sampled, outbox: { ...sampled.outbox, discard: { ids: [parkedId] } } };
    freshGoal = async () => (await client.domainGoals.create.mutate({ domain, title: "another" })).id;
  });
  afterAll(() => server?.close());

  it("describes every procedure of the router, and nothing else under /trpc", () => {
    const documented = procedures.map((op) => op.operation.operationId).sort();
    expect(documented).toEqual(Object.keys(appRouter._def.procedures).sort());
    for (const op of procedures) {
      const type = (appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)[
        op.operation.operationId
      ]?._def.type;
      expect(op.method, op.path).toBe(type === "query" ? "get" : "post");
    }
  });

  it("matches every procedure's real success answer", async () => {
    for (const op of procedures) {
      const name = op.operation.operationId;
      // Each lifecycle action on a goal of its own, in a state it may leave.
      let input: unknown = sampleOf(samples, name);
      if (name.startsWith("domainGoals.a")) {
        const id = await freshGoal();
        if (name === "domainGoals.achieve") await server.client(WRITE).domainGoals.activate.mutate({ id });
        input = { id };
      }
      const { status, body } = await callAsDocumented(server.url, op, input, WRITE);
      expect(status, `${name}: ${JSON.stringify(body).slice(0, 300)}`).toBe(200);
      expectDocumented(op, status, body);
    }
  });

  it("matches the real error answers: invalid input, no token, read token on a mutation", async () => {
    for (const op of procedures) {
      const invalid = await callAsDocumented(server.url, op, { notAField: true }, WRITE);
      expect(invalid.status, op.path).toBe(400);
      expectDocumented(op, invalid.status, invalid.body);

      const anonymous = await callAsDocumented(server.url, op, sampleOf(samples, op.operation.operationId));
      expect(anonymous.status, op.path).toBe(401);
      expectDocumented(op, anonymous.status, anonymous.body);

      if (op.method === "post") {
        const reader = await callAsDocumented(
          server.url,
          op,
          sampleOf(samples, op.operation.operationId),
          READ,
        );
        expect(reader.status, op.path).toBe(403);
        expectDocumented(op, reader.status, reader.body);
      }
    }
  });

  it("matches NOT_FOUND and CONFLICT answers where the document declares them", async () => {
    const missing = "01900000-0000-7000-8000-000000000000";
    const notFound: Record<string, unknown> = {
      "domainGoals.activate": { id: missing },
      "domainGoals.achieve": { id: missing },
      "domainGoals.abandon": { id: missing },
      "domainGoals.get": { id: missing },
      "repos.get": { name: "no/such" },
      "workstreams.update": { id: missing, title: "x" },
      "workstreams.get": { key: "NO-SUCH" },
      "tasks.update": { id: missing, title: "x" },
      "tasks.get": { id: missing },
      "decisions.resolve": { id: missing, resolution: "r" },
      "decisions.get": { id: missing },
      "dashboard.domain": { slug: "no-such-domain" },
      "dashboard.workstream": { id: missing },
      "outbox.retry": { ids: [missing] },
      "outbox.discard": { ids: [missing] },
    };
    const achieved = await freshGoal();
    const client = server.client(WRITE);
    await client.domainGoals.activate.mutate({ id: achieved });
    await client.domainGoals.achieve.mutate({ id: achieved });
    const resolved = await client.decisions.create.mutate({ title: "settled" });
    await client.decisions.resolve.mutate({ id: resolved.id, resolution: "yes" });
    const ws = await client.workstreams.create.mutate({
      title: "done",
      domain: "contract",
      status: "completed",
    });
    const task = await client.tasks.create.mutate({
      workstreamId: ws.id,
      title: "cancelled",
      status: "cancelled",
    });
    const conflict: Record<string, unknown> = {
      "domainGoals.activate": { id: achieved },
      "domainGoals.achieve": { id: await freshGoal() },
      "domainGoals.abandon": { id: achieved },
      "repos.register": { name: "contract/repo", domain: "contract", defaultBranch: "other" },
      "workstreams.create": { key: "contract-ws", title: "again", domain: "contract" },
      "workstreams.update": { id: ws.id, status: "cancelled" },
      "tasks.create": { workstreamId: ws.id, key: task.key, title: "again" },
      "tasks.update": { id: task.id, status: "done" },
      "decisions.resolve": { id: resolved.id, resolution: "no" }, // idempotent: a 200, not a conflict
      // A published event is not parked: discarding it is refused, naming its state.
      "outbox.discard": { ids: [eventId] },
    };
    delete conflict["decisions.resolve"];
    for (const op of procedures) {
      const name = op.operation.operationId;
      const declares = (status: string) => status in op.operation.responses;
      expect(name in notFound, `${name}: NOT_FOUND declared and provoked together`).toBe(declares("404"));
      if (name in notFound) {
        const answer = await callAsDocumented(server.url, op, notFound[name], WRITE);
        expect(answer.status, name).toBe(404);
        expectDocumented(op, answer.status, answer.body);
      }
      if (name in conflict) {
        expect(declares("409"), `${name} answers CONFLICT`).toBe(true);
        const answer = await callAsDocumented(server.url, op, conflict[name], WRITE);
        expect(answer.status, `${name}: ${JSON.stringify(answer.body)}`).toBe(409);
        expectDocumented(op, answer.status, answer.body);
      }
    }
  });

  it("matches /healthz, /readyz and a payload too large", async () => {
    for (const path of ["/healthz", "/readyz"]) {
      const op = operations.find((o) => o.path === path) as OpenApiOperation;
      const answer = await callAsDocumented(server.url, op, undefined);
      expectDocumented(op, answer.status, answer.body);
    }
    const metrics = await fetch(`${server.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get("content-type")).toMatch(/^text\/plain/);

    const register = procedures.find((op) => op.path === "/trpc/repos.register") as OpenApiOperation;
    const huge = await fetch(`${server.url}${register.path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${WRITE}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "x".repeat(1_100_000) }),
    });
    expectDocumented(register, huge.status, await huge.json());
  });

  it("fails when a real answer drifts from the document", async () => {
    const op = procedures.find((o) => o.path === "/trpc/repos.get") as OpenApiOperation;
    const { body } = await callAsDocumented(server.url, op, { name: "contract/repo" }, WRITE);
    const validate = validators.validator(op.path, op.method, 200);
    if (!validate) throw new Error("repos.get declares no 200");
    const repo = (body as { result: { data: Record<string, unknown> } }).result.data;
    const drifted = [
      { ...repo, addedField: 1 },
      { ...repo, defaultBranch: undefined },
      { ...repo, createdAt: "yesterday" },
      { ...repo, url: 42 },
    ];
    expect(validate(body)).toBe(true);
    for (const data of drifted) expect(validate({ result: { data } }), JSON.stringify(data)).toBe(false);
  });
});
