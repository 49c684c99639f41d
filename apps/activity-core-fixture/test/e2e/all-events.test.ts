import { databaseAndNatsAvailable } from "@statehub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FixtureHandle } from "../../src/index.js";
import {
  backdateHubTask,
  backdateHubWorkstreamStatus,
  type E2eEnvironment,
  hubEventIds,
  onlyHubEventId,
  startE2eEnvironment,
  summarize,
} from "./support.js";

// The contract end to end: the hub (a real process on Postgres) records each of the five v1
// events, its relay publishes them to JetStream, and the fixture turns them into exactly the
// issue-core tasks its shipped definitions promise, nothing more.
describe.runIf(databaseAndNatsAvailable())("hub → NATS → activity-core, all five events", () => {
  let env: E2eEnvironment;
  let fixture: FixtureHandle;

  beforeAll(async () => {
    env = await startE2eEnvironment();
    fixture = await env.startFixture({ durable: "e2e-all-events" });
  }, 60_000);
  afterAll(async () => {
    await env?.dispose();
  });

  const consumedEverything = async () => {
    const m = await fixture.metrics();
    return m.lag === 0 && m.ackPending === 0;
  };

  it("creates exactly the expected tasks, with rendered titles and the hub's event ids", async () => {
    const hub = env.hub.client;
    await hub.domains.upsert.mutate({ slug: "payments", name: "Payments" });

    const repo = await hub.repos.register.mutate({ name: "org/svc", domain: "payments" });

    const goal = await hub.domainGoals.create.mutate({ domain: "payments", title: "Real-time balances" });
    await hub.domainGoals.activate.mutate({ id: goal.id });

    const finished = await hub.workstreams.create.mutate({
      key: "WS-1",
      title: "Ledger v2",
      domain: "payments",
      repo: "org/svc",
      status: "active",
    });
    await hub.workstreams.update.mutate({ id: finished.id, status: "completed" });

    // The retrospective definition skips workstreams completed straight from planned: the hub
    // records the event, the fixture's rule decides that it calls for no task.
    const dropped = await hub.workstreams.create.mutate({
      key: "WS-2",
      title: "Dropped idea",
      domain: "payments",
    });
    await hub.workstreams.update.mutate({ id: dropped.id, status: "completed" });

    const decision = await hub.decisions.create.mutate({
      title: "Use Postgres for the ledger",
      domain: "payments",
    });
    await hub.decisions.resolve.mutate({
      id: decision.id,
      resolution: "Postgres 16, one database per service.",
      resolvedBy: "alice",
    });

    const ongoing = await hub.workstreams.create.mutate({
      key: "WS-3",
      title: "Balances API",
      domain: "payments",
    });
    const task = await hub.tasks.create.mutate({
      workstreamId: ongoing.id,
      key: "T-1",
      title: "Backfill ledger entries",
    });
    await backdateHubTask(env.hubDatabase.url, task.id, 20);

    // The cron definition only asks the hub to flag; the follow-up comes from the event it publishes.
    const sweep = await fixture.runCron("stale-task-sweep");
    expect(sweep).toMatchObject({ items: 1, created: 0, failures: 0 });

    // One event per subject, but two workstream.completed: WS-1's, then WS-2's (log order).
    const repoEvent = await onlyHubEventId(hub, "org.statehub.repo.registered");
    const goalEvent = await onlyHubEventId(hub, "org.statehub.domain.goal.activated");
    const completedEvents = await hubEventIds(hub, "org.statehub.workstream.completed");
    expect(completedEvents).toHaveLength(2);
    const completedEvent = completedEvents[0] as string;
    const decisionEvent = await onlyHubEventId(hub, "org.statehub.decision.resolved");
    const staleEvent = await onlyHubEventId(hub, "org.statehub.task.stale");

    const expected = summarize([
      { definitionId: "repo-ci-setup", eventId: repoEvent, title: "Set up CI for org/svc" },
      {
        definitionId: "goal-first-workstream",
        eventId: goalEvent,
        title: "Plan the first workstream for goal Real-time balances",
      },
      {
        definitionId: "workstream-retrospective",
        eventId: completedEvent,
        title: "Write the retrospective for Ledger v2",
      },
      {
        definitionId: "decision-communication",
        eventId: decisionEvent,
        title: "Communicate decision: Use Postgres for the ledger",
      },
      {
        definitionId: "stale-task-follow-up",
        eventId: staleEvent,
        title: "Follow up on stale task T-1: Backfill ledger entries",
      },
    ]);

    await expect
      .poll(async () => summarize(await fixture.store.listTasks()), { timeout: 15_000 })
      .toEqual(expected);
    // Everything the stream holds is consumed and acknowledged, and the set is still exact.
    await expect.poll(consumedEverything, { timeout: 10_000 }).toBe(true);
    expect(summarize(await fixture.store.listTasks())).toEqual(expected);

    const [repoTask] = await fixture.store.listTasks({ definitionId: "repo-ci-setup" });
    expect(repoTask).toMatchObject({
      subject: "org.statehub.repo.registered",
      entityId: repo.id,
      labels: ["ci", "domain:payments"],
    });
    expect((await fixture.metrics()).invalid).toBe(0);
  });

  it("a second sweep records no new event and creates no new task", async () => {
    const before = summarize(await fixture.store.listTasks());
    const eventsBefore = await hubEventIds(env.hub.client, "org.statehub.task.stale");

    const sweep = await fixture.runCron("stale-task-sweep");

    // Flagging is once per staleness episode: the hub has nothing new to record, so nothing can
    // reach NATS, and the event log is the proof without waiting for an absence.
    expect(sweep).toMatchObject({ items: 0, created: 0 });
    expect(await hubEventIds(env.hub.client, "org.statehub.task.stale")).toEqual(eventsBefore);
    await expect.poll(consumedEverything, { timeout: 10_000 }).toBe(true);
    expect(summarize(await fixture.store.listTasks())).toEqual(before);
  });

  it("blocked-workstream-reminder asks for help with a workstream blocked for a week, once per blocking episode", async () => {
    const hub = env.hub.client;
    const stuck = await hub.workstreams.create.mutate({
      key: "WS-9",
      title: "Vendor API",
      domain: "payments",
    });
    await hub.workstreams.update.mutate({ id: stuck.id, status: "blocked" });
    expect(await fixture.runCron("blocked-workstream-reminder")).toMatchObject({ items: 1, created: 0 });

    await backdateHubWorkstreamStatus(env.hubDatabase.url, stuck.id, 8);
    // Renamed after the block began: not a new blocking episode, the week still counts.
    const renamed = await hub.workstreams.update.mutate({ id: stuck.id, title: "Vendor API v2" });
    expect(await fixture.runCron("blocked-workstream-reminder")).toMatchObject({ items: 1, created: 1 });
    expect(await fixture.runCron("blocked-workstream-reminder")).toMatchObject({
      created: 0,
      duplicates: 1,
    });
    const [task] = await fixture.store.listTasks({ definitionId: "blocked-workstream-reminder" });
    expect(task).toMatchObject({
      title: "Unblock workstream WS-9: Vendor API v2",
      runKey: `${stuck.id}@${renamed.statusChangedAt}`,
    });
  });
});
