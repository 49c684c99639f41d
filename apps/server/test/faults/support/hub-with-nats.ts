import { createFreshDatabase, type FreshDatabase, TestNatsServer } from "@statehub/testing";
import { expect } from "vitest";
import { postProcedure } from "../../bad-input/support/http.js";
import { readStream } from "../../events/support/stream.js";
import { ServerProcess } from "./server-process.js";
import type { StoredWrites } from "./write-audit.js";

export interface HubWithNats {
  fresh: FreshDatabase;
  nats: TestNatsServer;
  server: ServerProcess;
  dispose(): Promise<void>;
}

/** A fresh database, an own nats-server and the hub as a process with its relay on; `domain` exists. */
export async function startHubWithNats(domain: string): Promise<HubWithNats> {
  const fresh = await createFreshDatabase();
  const nats = await TestNatsServer.start();
  const server = await ServerProcess.start({
    DATABASE_URL: fresh.url,
    NATS_URL: nats.url,
    LOG_LEVEL: "warn",
  });
  expect((await postProcedure(server.url, "domains.upsert", { slug: domain, name: domain })).status).toBe(
    200,
  );
  return {
    fresh,
    nats,
    server,
    async dispose() {
      await server.stop("SIGKILL");
      await nats.dispose();
      await fresh.drop();
    },
  };
}

/** Every outbox event is in the stream (by Nats-Msg-Id) exactly once, and nothing else is. */
export async function expectStreamMatchesOutbox(natsUrl: string, stored: StoredWrites): Promise<void> {
  const streamIds = (await readStream(natsUrl, "STATEHUB")).map((message) => message.msgId);
  expect(new Set(streamIds).size, "duplicates in the stream").toBe(streamIds.length);
  expect([...streamIds].sort()).toEqual([...stored.outboxIds].sort());
}
