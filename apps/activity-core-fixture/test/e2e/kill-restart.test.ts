import { databaseAndNatsAvailable } from "@statehub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIssueCoreStore, type IssueCoreStore } from "../../src/index.js";
import { type FixtureProcess, fixtureStatus, startFixtureProcess } from "./fixture-process.js";
import { type E2eEnvironment, hubEventIds, startE2eEnvironment, summarize } from "./support.js";

const BURST = 50;

// A crash of the consumer while the hub keeps producing: the durable remembers what was acked,
// JetStream redelivers what was in flight, issue-core's uniqueness absorbs the redeliveries.
describe.runIf(databaseAndNatsAvailable())("fixture killed mid-stream and restarted", () => {
  let env: E2eEnvironment;
  let store: IssueCoreStore;
  let fixtureEnv: Record<string, string>;
  const processes: FixtureProcess[] = [];

  beforeAll(async () => {
    env = await startE2eEnvironment();
    store = createIssueCoreStore(env.issueCoreDatabase.url);
    fixtureEnv = {
      NATS_URL: env.nats.url,
      ISSUE_CORE_DATABASE_URL: env.issueCoreDatabase.url,
      ACTIVITY_CORE_DURABLE: "e2e-crash",
      // Messages in flight at the kill come back after the ack wait: keep it short.
      ACTIVITY_CORE_ACK_WAIT_MS: "2000",
      // Small pulls so that several batches, and unacked messages, are in play at the kill.
      ACTIVITY_CORE_BATCH_SIZE: "4",
    };
  }, 60_000);
  afterAll(async () => {
    for (const p of processes) await p.signal("SIGKILL");
    await store?.close();
    await env?.dispose();
  });

  // The table appears when the first process has migrated; until then there are no tasks.
  const taskCount = () => store.countTasks().catch(() => 0);

  it("creates every expected task exactly once across a SIGKILL and a restart", async () => {
    const hub = env.hub.client;
    await hub.domains.upsert.mutate({ slug: "burst", name: "Burst" });
    const first = startFixtureProcess(fixtureEnv);
    processes.push(first);

    const names = Array.from({ length: BURST }, (_, i) => `org/burst-${String(i).padStart(2, "0")}`);
    for (const [i, name] of names.entries()) {
      // Halfway through the burst, once the fixture has acted on some of it, crash it; the
      // second half is produced while no consumer runs.
      if (i === BURST / 2) {
        await expect
          .poll(taskCount, { timeout: 15_000, message: `tasks before the kill; stderr: ${first.stderr()}` })
          .toBeGreaterThanOrEqual(5);
        expect(await first.signal("SIGKILL")).toBeNull();
      }
      await hub.repos.register.mutate({ name, domain: "burst" });
    }

    const second = startFixtureProcess(fixtureEnv);
    processes.push(second);

    const eventIds = await hubEventIds(hub, "org.statehub.repo.registered");
    expect(eventIds).toHaveLength(BURST);
    const expected = summarize(
      names.map((name, i) => ({
        definitionId: "repo-ci-setup",
        // The hub records in commit order and the burst is sequential: event i is repo i.
        eventId: eventIds[i] ?? null,
        title: `Set up CI for ${name}`,
      })),
    );
    await expect
      .poll(async () => summarize(await store.listTasks()), {
        timeout: 20_000,
        message: `all ${BURST} tasks after the restart; stderr: ${second.stderr()}`,
      })
      .toEqual(expected);

    // The durable agrees: nothing left to deliver or to acknowledge.
    await expect
      .poll(() => fixtureStatus(fixtureEnv), { timeout: 10_000 })
      .toMatchObject({ consumer: { lag: 0, ackPending: 0 }, tasks: { total: BURST } });
    expect(await second.signal("SIGTERM")).toBe(0);
  });
});
