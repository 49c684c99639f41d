import { clearOutbox, openDefaultTestDatabase, type TestDatabase } from "@statehub/api/testing";
import type { Database } from "@statehub/db";
import { TestNatsServer } from "@statehub/testing";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import type { OutboxRelay } from "../../../src/relay/relay.js";
import { deleteStream } from "./stream.js";

export interface RelaySuite {
  /** The file's database (Postgres when DATABASE_URL is set), its outbox empty at each test's start. */
  readonly database: Database;
  /** The file's own nats-server; running and thawed again after each test. */
  readonly nats: TestNatsServer;
  /** This test's stream name (streams may not overlap in subjects, so one per test). */
  readonly stream: string;
  /** Keeps a relay the test started, to stop it after the test; returns it. */
  track(relay: OutboxRelay): OutboxRelay;
}

/**
 * The set-up the relay's suites against a real nats-server share, registered as the calling
 * `describe`'s hooks: one database and one nats-server per file, a stream per test named
 * `<prefix><n>`, and after each test the server thawed (a test may have frozen it) and started
 * again (or killed it), the test's relays stopped, then its stream deleted.
 */
export function relaySuite(streamPrefix: string): RelaySuite {
  let testDb: TestDatabase | undefined;
  let nats: TestNatsServer | undefined;
  let stream = "";
  let streams = 0;
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    testDb = await openDefaultTestDatabase();
    nats = await TestNatsServer.start();
  }, 60_000);
  afterAll(async () => {
    await nats?.dispose();
    await testDb?.cleanup();
  });
  beforeEach(async () => {
    streams += 1;
    stream = `${streamPrefix}${streams}`;
    await clearOutbox(started(testDb).database);
  });
  afterEach(async () => {
    const server = started(nats);
    // A relay stops by draining its connection, which a frozen or stopped server never answers.
    server.resume();
    if (!server.running) await server.restart();
    for (const relay of relays.splice(0)) await relay.stop();
    await deleteStream(server.url, stream);
  });

  return {
    get database() {
      return started(testDb).database;
    },
    get nats() {
      return started(nats);
    },
    get stream() {
      return stream;
    },
    track(relay) {
      relays.push(relay);
      return relay;
    },
  };
}

function started<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("relaySuite: used outside a test (its beforeAll has not run)");
  return value;
}
