import { ManualClock } from "@statehub/api";
import { type AnyEnvelope, parseEnvelope, SUBJECTS } from "@statehub/events";
import { natsServerAvailable, TestNatsServer } from "@statehub/testing";
import { CloudEvent } from "cloudevents";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { unpublishedCount } from "./support/relay.js";
import { readStream, type StoredEvent } from "./support/stream.js";

const STREAM = "LIFECYCLE";
const WRITER = { name: "automation", token: "write-token-for-lifecycle-tests", scope: "write" as const };

describe.runIf(natsServerAvailable())("lifecycle events through the API", { timeout: 60_000 }, () => {
  let nats: TestNatsServer;
  let server: TestServer;
  const clock = new ManualClock("2026-02-01T09:00:00.000Z");

  beforeAll(async () => {
    nats = await TestNatsServer.start();
    server = await startTestServer({
      tokens: [WRITER],
      clock,
      env: { NATS_URL: nats.url, NATS_STREAM: STREAM },
    });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await nats?.dispose();
  });

  it("publishes each of the five events once per transition, valid and de-duplicable", async () => {
    const api = server.client(WRITER.token);
    await api.domains.upsert.mutate({ slug: "payments", name: "Payments" });

    const repo = await api.repos.register.mutate({ name: "acme/ledger", domain: "payments" });
    await api.repos.register.mutate({ name: "acme/ledger", domain: "payments" });

    const ws = await api.workstreams.create.mutate({
      title: "Ledger v2",
      domain: "payments",
      repo: "acme/ledger",
    });
    await api.workstreams.update.mutate({ id: ws.id, status: "completed" });
    await api.workstreams.update.mutate({ id: ws.id, status: "completed" });
    await api.workstreams.update.mutate({ id: ws.id, status: "active" });
    await api.workstreams.update.mutate({ id: ws.id, status: "completed" });

    const decision = await api.decisions.create.mutate({ title: "Use JetStream", domain: "payments" });
    await api.decisions.resolve.mutate({ id: decision.id, resolution: "Yes", resolvedBy: "arch board" });
    await api.decisions.resolve
      .mutate({ id: decision.id, resolution: "Yes", resolvedBy: "arch board" })
      .catch(() => undefined);

    const goal = await api.domainGoals.create.mutate({ domain: "payments", title: "Close books daily" });
    await api.domainGoals.activate.mutate({ id: goal.id });
    await api.domainGoals.activate.mutate({ id: goal.id });

    const task = await api.tasks.create.mutate({ workstreamId: ws.id, title: "Reconcile" });
    clock.advanceDays(15);
    const firstCheck = await api.maintenance.flagStaleTasks.mutate({});
    expect(firstCheck.flagged.map((t) => t.taskId)).toEqual([task.id]);
    await api.maintenance.flagStaleTasks.mutate({});
    await api.tasks.update.mutate({ id: task.id, title: "Reconcile nightly" });
    clock.advanceDays(15);
    await api.maintenance.flagStaleTasks.mutate({ thresholdDays: 14 });

    await expect.poll(() => unpublishedCount(server.database), { timeout: 20_000 }).toBe(0);
    const events = await readStream(nats.url, STREAM);
    const bySubject = (subject: string) => events.filter((e) => e.subject === subject);
    expect(bySubject("org.statehub.repo.registered")).toHaveLength(1);
    expect(bySubject("org.statehub.workstream.completed")).toHaveLength(2);
    expect(bySubject("org.statehub.decision.resolved")).toHaveLength(1);
    expect(bySubject("org.statehub.domain.goal.activated")).toHaveLength(1);
    expect(bySubject("org.statehub.task.stale")).toHaveLength(2);
    expect(new Set(events.map((e) => e.subject))).toEqual(new Set(SUBJECTS));
    expect(events).toHaveLength(7);

    for (const event of events) expectValidEvent(event);
    const registered = envelopeOf(bySubject("org.statehub.repo.registered")[0]);
    expect(registered).toMatchObject({ subject: repo.id, actor: WRITER.name, data: { name: "acme/ledger" } });
    const completions = bySubject("org.statehub.workstream.completed").map(envelopeOf);
    expect(completions.map((e) => (e.data as { previousStatus: string }).previousStatus)).toEqual([
      "planned",
      "active",
    ]);
  });
});

function envelopeOf(event: StoredEvent | undefined): AnyEnvelope {
  const parsed = parseEnvelope(event?.body);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.envelope;
}

function expectValidEvent(event: StoredEvent): void {
  const parsed = parseEnvelope(event.body);
  expect(parsed.ok, parsed.ok ? "" : parsed.error.message).toBe(true);
  if (!parsed.ok) return;
  expect(parsed.envelope.type).toBe(event.subject);
  expect(event.msgId).toBe(parsed.envelope.id);
  // The official SDK as a second opinion (strict mode validates on construction).
  const sdkEvent = new CloudEvent(JSON.parse(event.body) as Record<string, unknown>, true);
  expect(sdkEvent.validate()).toBe(true);
}
