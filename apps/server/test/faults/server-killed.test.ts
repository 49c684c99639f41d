import {
  createFreshDatabase,
  type FreshDatabase,
  natsServerAvailable,
  realPostgresAvailable,
  TestNatsServer,
} from "@statehub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postProcedure } from "../bad-input/support/http.js";
import { readStream } from "../events/support/stream.js";
import { ServerProcess, serverBuildAvailable } from "./support/server-process.js";
import { expectWritesIntact, readStoredWrites } from "./support/write-audit.js";
import { accepted, sleep, startWriteLoad } from "./support/write-load.js";

// The server process is killed with SIGKILL under write load (a crash: no graceful shutdown,
// transactions and relay batches cut mid-way), then started again. Every write that was
// answered with success is in the database, and its event is in the stream exactly once.

describe.runIf(realPostgresAvailable() && natsServerAvailable() && serverBuildAvailable())(
  "server killed with SIGKILL under write load, then restarted",
  { timeout: 120_000 },
  () => {
    let fresh: FreshDatabase;
    let nats: TestNatsServer;
    let server: ServerProcess;

    beforeAll(async () => {
      fresh = await createFreshDatabase();
      nats = await TestNatsServer.start();
      server = await ServerProcess.start({ DATABASE_URL: fresh.url, NATS_URL: nats.url, LOG_LEVEL: "warn" });
      expect((await postProcedure(server.url, "domains.upsert", { slug: "crash", name: "C" })).status).toBe(
        200,
      );
    }, 60_000);
    afterAll(async () => {
      await server?.stop("SIGKILL");
      await nats?.dispose();
      await fresh?.drop();
    });

    it("accepted writes survive, each event reaches the stream exactly once", async () => {
      const load = startWriteLoad({ url: server.url, domain: "crash", concurrency: 8, prefix: "crash" });
      await sleep(1_500);
      expect(await server.stop("SIGKILL")).toBeNull();
      await sleep(200);
      const outcomes = await load.stop();
      expect(accepted(outcomes).length).toBeGreaterThan(5);

      await server.restart();
      await expect
        .poll(async () => (await readStoredWrites(fresh.url)).unpublished, { timeout: 30_000 })
        .toBe(0);

      const stored = await readStoredWrites(fresh.url);
      expectWritesIntact(outcomes, stored);
      const streamIds = (await readStream(nats.url, "STATEHUB")).map((message) => message.msgId);
      expect(new Set(streamIds).size, "duplicates in the stream").toBe(streamIds.length);
      expect([...streamIds].sort()).toEqual([...stored.outboxIds].sort());
    });
  },
);
