import type { NatsConnection } from "@nats-io/transport-node";
import { createEnvelope, uuidv7 } from "@statehub/events";
import { databaseAndNatsAvailable } from "@statehub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FixtureHandle } from "../../src/index.js";
import { connectTo, publishEnvelope, publishRaw } from "../support.js";
import { type E2eEnvironment, onlyHubEventId, startE2eEnvironment, summarize } from "./support.js";

// Whatever else lands on the hub's subjects must not stop the consumer: it is terminated (no
// redelivery loop), counted, creates nothing, and the next real event from the hub still works.
describe.runIf(databaseAndNatsAvailable())("garbage on the hub's subjects", () => {
  let env: E2eEnvironment;
  let fixture: FixtureHandle;
  let intruder: NatsConnection;

  beforeAll(async () => {
    env = await startE2eEnvironment();
    fixture = await env.startFixture({ durable: "e2e-garbage" });
    intruder = await connectTo(env.nats.url);
  }, 60_000);
  afterAll(async () => {
    await intruder?.close();
    await env?.dispose();
  });

  it("counts junk and a schema-violating envelope as invalid, creates nothing, and keeps consuming", async () => {
    await publishRaw(intruder, "org.statehub.junk", "this is not { json");

    // A well-formed envelope whose data breaks the contract: repo.registered without repoId.
    const valid = createEnvelope(
      "org.statehub.repo.registered",
      { repoId: uuidv7(), name: "org/forged", domain: "platform", url: null, defaultBranch: "main" },
      { time: new Date() },
    );
    const { repoId: _removed, ...dataWithoutRepoId } = valid.data;
    await publishEnvelope(intruder, { ...valid, data: dataWithoutRepoId } as unknown as typeof valid);

    await expect
      .poll(async () => (await fixture.metrics()).invalidByKind, { timeout: 10_000 })
      .toEqual({ invalid_json: 1, invalid_data: 1 });
    expect(await fixture.store.countTasks()).toBe(0);

    await env.hub.client.domains.upsert.mutate({ slug: "platform", name: "Platform" });
    await env.hub.client.repos.register.mutate({ name: "org/after-garbage", domain: "platform" });
    const eventId = await onlyHubEventId(env.hub.client, "org.statehub.repo.registered");

    await expect
      .poll(async () => summarize(await fixture.store.listTasks()), { timeout: 15_000 })
      .toEqual([{ definitionId: "repo-ci-setup", eventId, title: "Set up CI for org/after-garbage" }]);
    // The garbage was terminated, not left pending for redelivery: the durable is fully acked.
    await expect
      .poll(async () => {
        const { lag, ackPending, invalid, consumed } = await fixture.metrics();
        return { lag, ackPending, invalid, consumed };
      })
      .toEqual({ lag: 0, ackPending: 0, invalid: 2, consumed: 3 });
  });
});
