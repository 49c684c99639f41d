import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { createEnvelope, encodeEnvelope, uuidv7 } from "@statehub/events";
import {
  createFreshDatabase,
  databaseAndNatsAvailable,
  type FreshDatabase,
  TestNatsServer,
} from "@statehub/testing";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FixtureHandle, type FixtureOptions, startFixture } from "../src/index.js";
import {
  connectTo,
  createHubStream,
  envelopesForAllSubjects,
  publishEnvelope,
  publishRaw,
  repoRegistered,
  STREAM,
  testLogger,
  waitFor,
} from "./support.js";

describe.runIf(databaseAndNatsAvailable())("the consumer against its own nats-server", () => {
  let db: FreshDatabase;
  let nats: TestNatsServer;
  let publisher: NatsConnection;
  let schemaCounter = 0;
  let schema: string;
  const fixtures: FixtureHandle[] = [];

  async function start(options: Partial<FixtureOptions> = {}): Promise<FixtureHandle> {
    const fixture = await startFixture({
      natsUrl: nats.url,
      databaseUrl: db.url,
      schema,
      scheduleCron: false,
      ackWaitMs: 2_000,
      retryDelayMs: 200,
      maxRetryDelayMs: 500,
      logger: testLogger,
      ...options,
    });
    fixtures.push(fixture);
    await fixture.ready;
    return fixture;
  }

  beforeAll(async () => {
    db = await createFreshDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  beforeEach(async () => {
    // A server and a schema per test: every test starts from an empty stream and no tasks.
    schema = `issue_core_${++schemaCounter}`;
    nats = await TestNatsServer.start();
    publisher = await connectTo(nats.url);
    await createHubStream(publisher);
  });
  afterEach(async () => {
    for (const fixture of fixtures.splice(0)) await fixture.stop().catch(() => undefined);
    await publisher.close().catch(() => undefined);
    await nats.dispose();
  });

  it("creates exactly the expected task for each of the five subjects, with rendered titles", async () => {
    const fixture = await start();
    const { envelopes, expected } = envelopesForAllSubjects();
    for (const envelope of envelopes) await publishEnvelope(publisher, envelope);

    const tasks = await waitFor(async () => {
      const rows = await fixture.store.listTasks();
      return rows.length >= expected.length && rows;
    }, "five tasks");
    expect(
      tasks.map(({ definitionId, eventId, title }) => ({ definitionId, eventId, title })).sort(byDefinition),
    ).toEqual([...expected].sort(byDefinition));
    const repoTask = tasks.find((t) => t.definitionId === "repo-ci-setup");
    expect(repoTask?.labels).toEqual(["ci", "domain:payments"]);
    expect(repoTask?.body).toContain("default branch main");
    expect(repoTask?.subject).toBe("org.statehub.repo.registered");

    const metrics = await waitFor(async () => {
      const m = await fixture.metrics();
      return m.consumed === 5 && m.lag === 0 && m.ackPending === 0 && m;
    }, "all five acked");
    expect(metrics).toMatchObject({ consumed: 5, acted: 5, invalid: 0, failed: 0, duplicatesSkipped: 0 });
  });

  it("applies a definition's rule: a workstream completed straight from planned gets no retrospective", async () => {
    const fixture = await start();
    const reopened = createEnvelope(
      "org.statehub.workstream.completed",
      {
        workstreamId: uuidv7(),
        key: "WS-9",
        title: "Never started",
        domain: "payments",
        repo: null,
        previousStatus: "planned",
      },
      { time: new Date() },
    );
    await publishEnvelope(publisher, reopened);
    await waitFor(async () => (await fixture.metrics()).consumed === 1, "the event consumed");
    expect(await fixture.store.countTasks()).toBe(0);
  });

  it("creates nothing twice when the same envelope arrives again", async () => {
    const fixture = await start();
    const envelope = repoRegistered("acme/twice");
    await publishEnvelope(publisher, envelope);
    // Same id without the Nats-Msg-Id header: JetStream stores it again, the consumer sees it twice.
    await publishEnvelope(publisher, envelope, { withMsgId: false });
    await waitFor(async () => (await fixture.metrics()).consumed === 2, "both copies consumed");
    expect(await fixture.store.countTasks()).toBe(1);
    expect(await fixture.metrics()).toMatchObject({ acted: 1, duplicatesSkipped: 1 });

    // Redelivery by the server after a restart of the fixture on the same durable.
    await fixture.stop();
    const again = await start();
    await publishEnvelope(publisher, envelope, { withMsgId: false });
    await waitFor(async () => (await again.metrics()).consumed === 1, "third copy consumed");
    expect(await again.store.countTasks()).toBe(1);
  });

  it("terminates invalid messages, counts them, creates nothing and keeps consuming", async () => {
    const fixture = await start();
    await publishRaw(publisher, "org.statehub.junk", "this is not an envelope");
    const valid = repoRegistered("acme/valid");
    const broken = JSON.parse(encodeEnvelope(valid));
    broken.id = uuidv7();
    broken.data.repoId = "not-a-uuid";
    await publishRaw(publisher, "org.statehub.repo.registered", JSON.stringify(broken));
    await publishRaw(publisher, "org.statehub.repo.registered", new Uint8Array([0xff, 0xfe, 0x00]));
    // A valid envelope of an unknown subject, on that subject.
    const unknown = {
      ...JSON.parse(encodeEnvelope(valid)),
      id: uuidv7(),
      type: "org.statehub.repo.renamed",
    };
    unknown.dataschema = "urn:statehub:event:org.statehub.repo.renamed:v1";
    await publishRaw(publisher, "org.statehub.repo.renamed", JSON.stringify(unknown));

    await waitFor(async () => (await fixture.metrics()).invalid === 4, "four invalid messages counted");
    expect(await fixture.store.countTasks()).toBe(0);

    await publishEnvelope(publisher, valid);
    const [task] = await waitForTasks(fixture, 1, "the valid message's task");
    expect(task?.title).toBe("Set up CI for acme/valid");

    const metrics = await waitFor(async () => {
      const m = await fixture.metrics();
      return m.lag === 0 && m.ackPending === 0 && m;
    }, "nothing pending");
    // Longer than ack_wait: a terminated message must not come back.
    await new Promise((r) => setTimeout(r, 2_500));
    expect((await fixture.metrics()).consumed).toBe(5);
    expect(metrics.invalidByKind).toEqual({ invalid_json: 2, invalid_data: 1, unknown_subject: 1 });
    expect(metrics).toMatchObject({ consumed: 5, invalid: 4, acted: 1 });
  });

  it("loses nothing and duplicates nothing when the fixture is killed mid-stream", async () => {
    const count = 60;
    const envelopes = Array.from({ length: count }, (_, i) => repoRegistered(`acme/repo-${i}`));
    const first = await start({ batchSize: 5 });
    for (const envelope of envelopes) await publishEnvelope(publisher, envelope);
    await waitFor(async () => (await first.store.countTasks()) >= 10, "some tasks before the crash");
    await first.kill();

    const second = await start({ batchSize: 5 });
    const tasks = await waitFor(async () => {
      const rows = await second.store.listTasks();
      return rows.length >= count && rows;
    }, `${count} tasks after the restart`);
    expect(tasks).toHaveLength(count);
    expect(new Set(tasks.map((t) => t.eventId)).size).toBe(count);
    expect(new Set(tasks.map((t) => t.eventId))).toEqual(new Set(envelopes.map((e) => e.id)));
    await waitFor(
      async () => {
        const m = await second.metrics();
        return m.lag === 0 && m.ackPending === 0;
      },
      "nothing pending after the restart",
      20_000,
    );
  });

  it("redelivers a message whose tasks could not be stored, and stores them once the database is back", async () => {
    const fixture = await start();
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    try {
      await sql.unsafe(`ALTER TABLE ${schema}.tasks RENAME TO tasks_away`);
      await publishEnvelope(publisher, repoRegistered("acme/later"));
      await waitFor(async () => (await fixture.metrics()).failed >= 2, "two failed deliveries");
      await sql.unsafe(`ALTER TABLE ${schema}.tasks_away RENAME TO tasks`);
      const [task] = await waitForTasks(fixture, 1, "the task after recovery");
      expect(task?.title).toBe("Set up CI for acme/later");
      expect(await fixture.store.countTasks()).toBe(1);
    } finally {
      await sql.end();
    }
  });

  it("keeps consuming across a nats-server restart", async () => {
    const fixture = await start();
    await publishEnvelope(publisher, repoRegistered("acme/before"));
    await waitFor(async () => (await fixture.store.countTasks()) === 1, "first task");
    await nats.stop("SIGKILL");
    await nats.restart();
    await waitFor(async () => {
      await publishEnvelope(publisher, repoRegistered("acme/after"));
      return true;
    }, "publishing after the restart");
    await waitFor(async () => (await fixture.store.countTasks()) === 2, "task after the restart", 25_000);
  });

  it("waits for the stream when it does not exist yet, and creates it only when asked", async () => {
    const jsm = await jetstreamManager(publisher);
    await jsm.streams.delete(STREAM);
    const fixture = await startFixture({
      natsUrl: nats.url,
      databaseUrl: db.url,
      schema,
      scheduleCron: false,
      ensureStream: true,
      logger: testLogger,
    });
    fixtures.push(fixture);
    await fixture.ready;
    expect((await jsm.streams.info(STREAM)).config.subjects).toEqual(["org.statehub.>"]);
  });

  it("stops promptly whenever stop() comes during its start-up", async () => {
    // A stop that lands while the consumer is being set up (between its stream check and its
    // first pull) used to close nothing and then wait forever for the pull it set up next.
    // The window is a round trip or two, so sweep the delay across the start-up.
    for (let attempt = 0; attempt < 40; attempt++) {
      const fixture = await startFixture({
        natsUrl: nats.url,
        databaseUrl: db.url,
        schema,
        scheduleCron: false,
        logger: testLogger,
      });
      await new Promise((resolve) => setTimeout(resolve, attempt % 10));
      const outcome = await Promise.race([
        fixture.stop().then(() => "stopped"),
        new Promise((resolve) =>
          setTimeout(resolve, 5_000, `still stopping after 5 s (delay ${attempt % 10} ms)`),
        ),
      ]);
      expect(outcome).toBe("stopped");
    }
  });

  it("serves /metrics and /status", async () => {
    const fixture = await start({ statusPort: 0 });
    await publishEnvelope(publisher, repoRegistered("acme/metrics"));
    await waitFor(async () => (await fixture.metrics()).acted === 1, "one task");
    const metrics = await (await fetch(`${fixture.statusUrl}/metrics`)).text();
    expect(metrics).toContain("activity_core_tasks_created_total 1");
    expect(metrics).toMatch(/activity_core_consumer_pending \d+/);
    const status = (await (await fetch(`${fixture.statusUrl}/status`)).json()) as Record<string, unknown>;
    expect(status).toMatchObject({
      stream: STREAM,
      durable: "activity-core",
      metrics: { consumed: 1, acted: 1 },
    });
  });
});

async function waitForTasks(fixture: FixtureHandle, count: number, what: string) {
  return waitFor(async () => {
    const rows = await fixture.store.listTasks();
    return rows.length >= count && rows;
  }, what);
}

function byDefinition(a: { definitionId: string }, b: { definitionId: string }): number {
  return a.definitionId.localeCompare(b.definitionId);
}
