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
import { readStoredWrites } from "./support/write-audit.js";
import { accepted, sleep, startWriteLoad } from "./support/write-load.js";

// NATS is killed (SIGKILL) and restarted while writes keep arriving over HTTP. Requests never
// depend on NATS, so all succeed; afterwards every outbox event is in the stream exactly once.

describe.runIf(realPostgresAvailable() && natsServerAvailable() && serverBuildAvailable())(
  "NATS killed and restarted under write load",
  { timeout: 120_000 },
  () => {
    let fresh: FreshDatabase;
    let nats: TestNatsServer;
    let server: ServerProcess;

    beforeAll(async () => {
      fresh = await createFreshDatabase();
      nats = await TestNatsServer.start();
      server = await ServerProcess.start({ DATABASE_URL: fresh.url, NATS_URL: nats.url, LOG_LEVEL: "warn" });
      expect(
        (await postProcedure(server.url, "domains.upsert", { slug: "nats-kill", name: "N" })).status,
      ).toBe(200);
    }, 60_000);
    afterAll(async () => {
      await server?.stop("SIGKILL");
      await nats?.dispose();
      await fresh?.drop();
    });

    it("every request succeeds; every event reaches the stream exactly once", async () => {
      const load = startWriteLoad({ url: server.url, domain: "nats-kill", concurrency: 4, prefix: "nk" });
      await sleep(800);
      await nats.stop("SIGKILL");
      await sleep(2_000);
      await nats.restart();
      await sleep(1_000);
      const outcomes = await load.stop();

      expect(outcomes.filter((o) => o.status !== 200)).toEqual([]);
      await expect
        .poll(async () => (await readStoredWrites(fresh.url)).unpublished, { timeout: 30_000 })
        .toBe(0);

      const stored = await readStoredWrites(fresh.url);
      for (const outcome of accepted(outcomes))
        expect(stored.events.get(outcome.repoId ?? "")).toHaveLength(1);
      const streamIds = (await readStream(nats.url, "STATEHUB")).map((message) => message.msgId);
      expect(new Set(streamIds).size, "duplicates in the stream").toBe(streamIds.length);
      expect([...streamIds].sort()).toEqual([...stored.outboxIds].sort());
    });
  },
);
