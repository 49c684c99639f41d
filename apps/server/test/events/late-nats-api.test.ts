import { openDefaultTestDatabase as openTestDatabase, type TestDatabase } from "@statehub/api/testing";
import { natsServerAvailable, TestNatsServer } from "@statehub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/server.js";
import { unpublishedCount } from "./support/relay.js";
import { streamIds } from "./support/stream.js";

const STREAM = "LATENATS";

describe.runIf(natsServerAvailable())("a hub started without NATS_URL", { timeout: 60_000 }, () => {
  let testDb: TestDatabase;
  let nats: TestNatsServer;

  beforeAll(async () => {
    testDb = await openTestDatabase();
    nats = await TestNatsServer.start();
  }, 60_000);
  afterAll(async () => {
    await nats?.dispose();
    await testDb?.cleanup();
  });

  it("records events while off; restarted with NATS it delivers them all, in order", async () => {
    const offline = await startTestServer({ database: testDb.database });
    const api = offline.client();
    await api.domains.upsert.mutate({ slug: "ops", name: "Ops" });
    const repoIds: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      repoIds.push((await api.repos.register.mutate({ name: `acme/svc-${i}`, domain: "ops" })).id);
    }
    const logged = await api.events.list.query({ limit: 50 });
    expect(logged.items).toHaveLength(12);
    expect(logged.items.every((e) => e.publishedAt === null)).toBe(true);
    expect(offline.logs.filter((l) => l.includes("relay off"))).toHaveLength(1);
    await offline.close();
    expect(await unpublishedCount(testDb.database)).toBe(12);

    const online = await startTestServer({
      database: testDb.database,
      env: { NATS_URL: nats.url, NATS_STREAM: STREAM },
    });
    try {
      await expect.poll(() => unpublishedCount(testDb.database), { timeout: 20_000 }).toBe(0);
      const inStream = await streamIds(nats.url, STREAM);
      expect(inStream).toEqual(logged.items.map((e) => e.envelope.id));
      const published = await online.client().events.list.query({ limit: 50 });
      expect(published.items.map((e) => e.streamSequence)).toEqual(repoIds.map((_, i) => i + 1));
    } finally {
      await online.close();
    }
  });
});
