import { databaseAndNatsAvailable } from "@statehub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectStreamMatchesOutbox, type HubWithNats, startHubWithNats } from "./support/hub-with-nats.js";
import { serverBuildAvailable } from "./support/server-process.js";
import { expectWritesIntact, readStoredWrites } from "./support/write-audit.js";
import { accepted, sleep, startWriteLoad } from "./support/write-load.js";

// The server process is killed with SIGKILL under write load (a crash: no graceful shutdown,
// transactions and relay batches cut mid-way), then started again. Every write that was
// answered with success is in the database, and its event is in the stream exactly once.

describe.runIf(databaseAndNatsAvailable() && serverBuildAvailable())(
  "server killed with SIGKILL under write load, then restarted",
  { timeout: 120_000 },
  () => {
    let hub: HubWithNats;

    beforeAll(async () => {
      hub = await startHubWithNats("crash");
    }, 60_000);
    afterAll(() => hub?.dispose());

    it("accepted writes survive, each event reaches the stream exactly once", async () => {
      const load = startWriteLoad({ url: hub.server.url, domain: "crash", concurrency: 8, prefix: "crash" });
      await sleep(1_500);
      expect(await hub.server.stop("SIGKILL")).toBeNull();
      await sleep(200);
      const outcomes = await load.stop();
      expect(accepted(outcomes).length).toBeGreaterThan(5);

      await hub.server.restart();
      await expect
        .poll(async () => (await readStoredWrites(hub.fresh.url)).unpublished, { timeout: 30_000 })
        .toBe(0);
      const stored = await readStoredWrites(hub.fresh.url);
      expectWritesIntact(outcomes, stored);
      await expectStreamMatchesOutbox(hub.nats.url, stored);
    });
  },
);
