import { type DatabaseAndNats, databaseAndNatsAvailable, startDatabaseAndNats } from "@statehub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { unpublishedCount } from "./support/relay.js";
import { streamIds } from "./support/stream.js";

const STREAM = "TWOSERVERS";

// Two hubs (each with its own pool, relay and NATS connection) on one database and one NATS.
describe.runIf(databaseAndNatsAvailable())("two servers, one database", { timeout: 60_000 }, () => {
  let services: DatabaseAndNats;
  const servers: TestServer[] = [];

  beforeAll(async () => {
    services = await startDatabaseAndNats();
    const { database, nats } = services;
    for (let i = 0; i < 2; i += 1) {
      servers.push(
        await startTestServer({
          databaseUrl: database.url,
          env: { NATS_URL: nats.url, NATS_STREAM: STREAM },
        }),
      );
    }
  }, 60_000);
  afterAll(async () => {
    for (const server of servers) await server.close();
    await services?.dispose();
  });

  it("every event is in the stream exactly once", async () => {
    const [a, b] = servers;
    if (!a || !b) throw new Error("servers not started");
    await a.client().domains.upsert.mutate({ slug: "platform", name: "Platform" });
    const register = (server: TestServer, prefix: string) => async () => {
      const ids: string[] = [];
      for (let i = 0; i < 40; i += 1) {
        const repo = await server
          .client()
          .repos.register.mutate({ name: `acme/${prefix}-${i}`, domain: "platform" });
        ids.push(repo.id);
      }
      return ids;
    };
    const repoIds = (await Promise.all([register(a, "a")(), register(b, "b")(), register(a, "c")()])).flat();
    await expect.poll(() => unpublishedCount(a.database), { timeout: 30_000 }).toBe(0);
    const ids = await streamIds(services.nats.url, STREAM);
    expect(ids).toHaveLength(repoIds.length);
    expect(new Set(ids).size).toBe(repoIds.length);
    const listed = await a.client().events.list.query({ limit: 200 });
    expect(new Set(listed.items.map((e) => e.envelope.id))).toEqual(new Set(ids));
  });
});
