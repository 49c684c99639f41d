import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { DUPLICATE_WINDOW_MS } from "@statehub/events";
import { natsServerAvailable, TestNatsServer } from "@statehub/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PUBLISHER, startRestrictedNats } from "../../test/events/support/restricted-nats.js";
import { ensureStream } from "./stream.js";

const TEN_MINUTES_NS = 600_000_000_000;

describe.runIf(natsServerAvailable())("ensuring the stream", { timeout: 60_000 }, () => {
  let nats: TestNatsServer;
  let nc: NatsConnection;
  beforeAll(async () => {
    nats = await TestNatsServer.start();
    nc = await connect({ servers: nats.url });
  }, 60_000);
  afterAll(async () => {
    await nc?.close();
    await nats?.dispose();
  });

  // Streams on one server may not overlap in subjects: each test starts without any.
  afterEach(async () => {
    const jsm = await jetstreamManager(nc);
    for (const name of await jsm.streams.names().next()) await jsm.streams.delete(name);
  });

  const config = async (name: string) => {
    const info = await (await jetstreamManager(nc)).streams.info(name);
    return {
      subjects: info.config.subjects,
      duplicateWindow: info.config.duplicate_window,
      storage: info.config.storage,
    };
  };

  it("creates it with the event subjects, file storage and a 10-minute duplicate window; then leaves it alone", async () => {
    expect(DUPLICATE_WINDOW_MS).toBe(600_000);
    expect(await ensureStream(nc, "FRESH")).toEqual({ ok: true, action: "created" });
    expect(await config("FRESH")).toEqual({
      subjects: ["org.statehub.>"],
      duplicateWindow: TEN_MINUTES_NS,
      storage: "file",
    });
    expect(await ensureStream(nc, "FRESH")).toEqual({ ok: true, action: "unchanged" });
  });

  it("widens a stream that lacks the event subjects, replacing narrower event subjects and keeping others", async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({
      name: "NARROW",
      subjects: ["org.statehub.repo.>", "audit.>", "orders.>"],
      duplicate_window: TEN_MINUTES_NS * 2,
    });
    expect(await ensureStream(nc, "NARROW")).toEqual({ ok: true, action: "updated" });
    expect(await config("NARROW")).toMatchObject({
      subjects: ["audit.>", "orders.>", "org.statehub.>"],
      duplicateWindow: TEN_MINUTES_NS * 2,
    });
  });

  it("lengthens a duplicate window shorter than 10 minutes", async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({
      name: "SHORTWINDOW",
      subjects: ["org.statehub.>"],
      duplicate_window: 120_000_000_000,
    });
    expect(await ensureStream(nc, "SHORTWINDOW")).toEqual({ ok: true, action: "updated" });
    expect(await config("SHORTWINDOW")).toMatchObject({
      subjects: ["org.statehub.>"],
      duplicateWindow: TEN_MINUTES_NS,
    });
  });

  // Only "stream not found" leads to creating the stream: any other answer to the look-up is
  // reported as it is, so the operator reads that looking at the stream was refused, not a
  // refusal of the create the relay would otherwise have tried next.
  it("reports why when it may not look at streams, naming the look-up (and changes nothing)", async () => {
    const restricted = await startRestrictedNats();
    try {
      const relayUser = await connect({
        servers: restricted.url,
        user: PUBLISHER.user,
        pass: PUBLISHER.password,
      });
      const result = await ensureStream(relayUser, "ANY");
      await relayUser.close();
      expect(result).toEqual({
        ok: false,
        reason: 'Permissions Violation for Publish to "$JS.API.STREAM.INFO.ANY"',
      });
    } finally {
      await restricted.stop();
    }
  });

  it("reports why when the stream cannot be created", async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "TAKEN", subjects: ["org.statehub.>"] });
    // SECOND does not exist, and its subjects would overlap TAKEN's.
    const result = await ensureStream(nc, "SECOND");
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/overlap/) });
  });
});
