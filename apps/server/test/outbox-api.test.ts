import { markRefused } from "@statehub/api/outbox";
import type { StateHubClient } from "@statehub/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure } from "./support/errors.js";
import { startTestServer, type TestServer } from "./support/server.js";

// The outbox procedures on a hub without NATS (the relay is off; events wait in the outbox).
describe("outbox.status, outbox.parked, outbox.retry, outbox.discard", () => {
  let server: TestServer;
  let hub: StateHubClient;
  const UNKNOWN = "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d99";

  beforeAll(async () => {
    server = await startTestServer();
    hub = server.client();
    await hub.domains.upsert.mutate({ slug: "ops", name: "Ops" });
  });
  afterAll(() => server.close());

  it("reports a hub that does not publish, its backlog and parked events; retry and discard act on parked ones only", async () => {
    await hub.repos.register.mutate({ name: "acme/a", domain: "ops" });
    await hub.repos.register.mutate({ name: "acme/b", domain: "ops" });
    const [a, b] = (await hub.events.list.query()).items.map((e) => e.envelope.id);
    const before = await hub.outbox.status.query();
    expect(before).toEqual({
      publishing: false,
      nats: { state: "off", ok: true },
      backlog: 2,
      oldestPendingAt: expect.stringMatching(/^\d{4}-/),
      parked: 0,
      oldestParkedAt: null,
    });
    expect(await hub.outbox.status.query()).toEqual(before);

    await markRefused(
      server.database.db,
      [{ id: a ?? "", reason: "too large" }],
      new Date("2026-06-30T12:00:00.000Z"),
      {
        parkAfterRefusals: 1,
        refusalRetryMs: 1_000,
      },
    );
    expect(await hub.outbox.status.query()).toMatchObject({
      backlog: 1,
      parked: 1,
      oldestParkedAt: "2026-06-30T12:00:00.000Z",
    });
    expect((await hub.outbox.parked.query({ limit: 10 })).items.map((e) => [e.id, e.parkedReason])).toEqual([
      [a, "too large"],
    ]);
    const entry = (await hub.events.list.query()).items[0];
    expect(entry?.delivery).toEqual({
      state: "parked",
      attempts: 1,
      lastError: "too large",
      parkedReason: "too large",
      parkedAt: "2026-06-30T12:00:00.000Z",
    });

    const conflict = await failure(hub.outbox.discard.mutate({ ids: [b ?? ""] }));
    expect(conflict.data?.code).toBe("CONFLICT");
    expect(conflict.message).toBe(`event ${b} is pending: only parked events can be discarded`);
    expect(conflict.data?.currentState).toBe("pending");
    const missing = await failure(hub.outbox.retry.mutate({ ids: [UNKNOWN] }));
    expect(missing.data?.code).toBe("NOT_FOUND");
    expect(missing.message).toBe(`event ${UNKNOWN} not found`);
    const empty = await failure(hub.outbox.retry.mutate({ ids: [] }));
    expect(empty.data?.code).toBe("BAD_REQUEST");
    expect(empty.data?.fieldErrors).toEqual({ ids: ["name at least one event id"] });
    const notAll = await failure(hub.outbox.retry.mutate({ all: false } as never));
    expect(notAll.data?.code).toBe("BAD_REQUEST");

    expect(await hub.outbox.retry.mutate({ all: true })).toEqual({ retried: [a], notParked: [] });
    expect((await hub.events.list.query()).items[0]?.delivery.state).toBe("pending");
    await markRefused(server.database.db, [{ id: a ?? "", reason: "too large" }], new Date(), {
      parkAfterRefusals: 1,
      refusalRetryMs: 1_000,
    });
    expect(await hub.outbox.discard.mutate({ ids: [a ?? ""] })).toEqual({ discarded: [a] });
    expect((await hub.events.list.query()).items.map((e) => e.envelope.id)).toEqual([b]);
    expect(await hub.outbox.status.query()).toMatchObject({ backlog: 1, parked: 0, oldestParkedAt: null });
  });
});
