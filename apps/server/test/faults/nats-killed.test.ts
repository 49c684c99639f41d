import { databaseAndNatsAvailable } from "@statehub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectStreamMatchesOutbox, type HubWithNats, startHubWithNats } from "./support/hub-with-nats.js";
import { serverBuildAvailable } from "./support/server-process.js";
import { readStoredWrites } from "./support/write-audit.js";
import { accepted, sleep, startWriteLoad } from "./support/write-load.js";

// NATS is killed (SIGKILL) and restarted while writes keep arriving over HTTP. Requests never
// depend on NATS, so all succeed; afterwards every outbox event is in the stream exactly once.

describe.runIf(databaseAndNatsAvailable() && serverBuildAvailable())(
  "NATS killed and restarted under write load",
  { timeout: 120_000 },
  () => {
    let hub: HubWithNats;

    beforeAll(async () => {
      hub = await startHubWithNats("nats-kill");
    }, 60_000);
    afterAll(() => hub?.dispose());

    it("every request succeeds; every event reaches the stream exactly once", async () => {
      const load = startWriteLoad({ url: hub.server.url, domain: "nats-kill", concurrency: 4, prefix: "nk" });
      await sleep(800);
      await hub.nats.stop("SIGKILL");
      await sleep(2_000);
      await hub.nats.restart();
      await sleep(1_000);
      const outcomes = await load.stop();

      expect(outcomes.filter((o) => o.status !== 200)).toEqual([]);
      await expect
        .poll(async () => (await readStoredWrites(hub.fresh.url)).unpublished, { timeout: 30_000 })
        .toBe(0);
      const stored = await readStoredWrites(hub.fresh.url);
      for (const outcome of accepted(outcomes))
        expect(stored.events.get(outcome.repoId ?? "")).toHaveLength(1);
      await expectStreamMatchesOutbox(hub.nats.url, stored);
    });
  },
);
