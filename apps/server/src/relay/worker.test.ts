import { ManualClock } from "@statehub/api";
import { openDefaultTestDatabase, type TestDatabase } from "@statehub/api/testing";
import { natsServerAvailable, TestNatsServer } from "@statehub/testing";
import { sql } from "drizzle-orm";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordRepoEvents } from "../../test/events/support/events.js";
import { captureLogger } from "../../test/events/support/logger.js";
import { deleteStream } from "../../test/events/support/stream.js";
import { natsSettingsFrom, startRelayWorker } from "./worker.js";

describe("NATS settings from the configuration", () => {
  it("passes what is set, and nothing else", () => {
    expect(natsSettingsFrom({ url: "nats://a", stream: "S" })).toEqual({ url: "nats://a" });
    expect(
      natsSettingsFrom({
        url: "nats://a",
        stream: "S",
        token: "t",
        user: "u",
        password: "p",
        credsFile: "/c.creds",
        tlsCa: "/ca.pem",
        tlsCert: "/c.pem",
        tlsKey: "/k.pem",
      }),
    ).toEqual({
      url: "nats://a",
      token: "t",
      user: "u",
      password: "p",
      credsFile: "/c.creds",
      tls: { caFile: "/ca.pem", certFile: "/c.pem", keyFile: "/k.pem" },
    });
    expect(natsSettingsFrom({ url: "nats://a", stream: "S", tlsCert: "/c.pem" })).toEqual({
      url: "nats://a",
      tls: { certFile: "/c.pem" },
    });
    expect(natsSettingsFrom({ url: "nats://a", stream: "S", tlsKey: "/k.pem" })).toEqual({
      url: "nats://a",
      tls: { keyFile: "/k.pem" },
    });
  });
});

describe.runIf(natsServerAvailable())("the relay worker", { timeout: 60_000 }, () => {
  let testDb: TestDatabase;
  let nats: TestNatsServer;
  beforeAll(async () => {
    testDb = await openDefaultTestDatabase();
    nats = await TestNatsServer.start();
  }, 60_000);
  afterAll(async () => {
    await nats?.dispose();
    await testDb?.cleanup();
  });

  const common = () => ({
    database: testDb.database,
    logger: captureLogger().logger,
    clock: new ManualClock(),
  });

  it("is off without NATS: ready, not publishing", async () => {
    const worker = await startRelayWorker({ nats: undefined, ...common() });
    expect(worker.name).toBe("outbox relay");
    expect(worker.readiness()).toMatchObject({ ok: true, enabled: false, state: "off", nats: "off" });
    expect(worker.publisherStatus()).toEqual({ publishing: false, nats: { state: "off", ok: true } });
    await worker.stop();
  });

  it("publishes, with its metrics; reports NATS; not publishing once stopped", async () => {
    await recordRepoEvents(testDb.database, 2);
    const registry = new Registry();
    // Without databaseUrl the relay shares the app's database (with one, a pool of its own).
    const worker = await startRelayWorker({
      nats: { url: nats.url, stream: "WORKER" },
      metricsRegistry: registry,
      ...common(),
    });
    worker.wake();
    await expect.poll(() => worker.relay.status().publishedTotal, { timeout: 15_000 }).toBe(2);
    expect(worker.readiness()).toMatchObject({
      ok: true,
      enabled: true,
      nats: "connected",
      stream: "WORKER",
    });
    expect(worker.publisherStatus()).toEqual({ publishing: true, nats: { state: "connected", ok: true } });
    const text = await registry.metrics();
    expect(text).toMatch(/^statehub_relay_published_total 2$/m);
    expect(text).toMatch(/^statehub_relay_nats_connected 1$/m);
    expect(text).toMatch(/^statehub_relay_state\{state="idle"\} 1$/m);
    expect(text).toMatch(/^statehub_relay_state\{state="publishing"\} 0$/m);
    expect(text).toMatch(/^statehub_relay_failures_total 0$/m);
    await worker.stop();
    expect(worker.readiness()).toMatchObject({ ok: false, state: "stopped", nats: "closed" });
    expect(worker.publisherStatus()).toEqual({ publishing: false, nats: { state: "closed", ok: false } });
    await deleteStream(nats.url, "WORKER");
  });

  it("with a database URL on Postgres: a pool of its own, named statehub-relay, closed on stop; its logs say 'relay'", async () => {
    const url = process.env.DATABASE_URL;
    if (testDb.database.kind !== "postgres" || !url) return;
    const connectionsNamed = async () => {
      const result = await testDb.database.db.execute(
        sql`select count(*)::int as n from pg_stat_activity where application_name = 'statehub-relay' and datname = current_database()`,
      );
      const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { n: number }[];
      return rows[0]?.n;
    };
    const log = captureLogger();
    const dbName = (
      (await testDb.database.db.execute(sql`select current_database() as name`)) as unknown as {
        name: string;
      }[]
    )[0]?.name;
    const ownUrl = new URL(url);
    ownUrl.pathname = `/${dbName}`;
    const ids = await recordRepoEvents(testDb.database, 1);
    const worker = await startRelayWorker({
      nats: { url: nats.url, stream: "OWNPOOL" },
      databaseUrl: ownUrl.toString(),
      database: testDb.database,
      logger: log.logger,
      clock: new ManualClock(),
    });
    await expect.poll(() => worker.relay.status().publishedTotal, { timeout: 15_000 }).toBe(1);
    expect(await connectionsNamed()).toBeGreaterThanOrEqual(1);
    expect(log.lines().find((l) => l.msg === "relay starting")).toMatchObject({ component: "relay" });
    await worker.stop();
    await expect.poll(connectionsNamed, { timeout: 10_000 }).toBe(0);
    expect(ids).toHaveLength(1);
    await deleteStream(nats.url, "OWNPOOL");
  });
});
