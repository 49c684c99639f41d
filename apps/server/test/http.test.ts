import { request } from "node:http";
import { MAX_BODY_BYTES } from "@statehub/api/wire";
import { repos } from "@statehub/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";

/** A raw POST, optionally chunked (no Content-Length), returning status and body. */
function post(url: string, body: string, chunked = false): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(chunked ? { "transfer-encoding": "chunked" } : { "content-length": Buffer.byteLength(body) }),
      },
    });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    // The hub answers an oversized body before it has all of it, and reads the rest before it
    // closes: the answer must arrive, never an EPIPE or ECONNRESET.
    req.on("error", reject);
    if (chunked) {
      const piece = body.slice(0, 64 * 1024);
      for (let sent = 0; sent < body.length; sent += piece.length) req.write(piece);
      req.end();
    } else {
      req.end(body);
    }
  });
}

describe("HTTP surface", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      beforeListen(app) {
        app.readiness.add({
          name: "nats",
          critical: false,
          check: () => ({ ok: false, state: "disconnected" }),
        });
      },
    });
    await server.client().domains.upsert.mutate({ slug: "http", name: "HTTP" });
  });
  afterAll(() => server.close());

  it("answers /healthz and /readyz; a failing non-critical check is reported, not fatal", async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: "ready",
      checks: { database: { ok: true }, nats: { ok: false, state: "disconnected" } },
    });
  });

  it("answers 503 on /readyz when a critical check fails", async () => {
    server.app.readiness.add({
      name: "always-down",
      critical: true,
      check: () => {
        throw new Error("down");
      },
    });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      status: "not ready",
      checks: { "always-down": { ok: false, error: "down" } },
    });
  });

  it("exposes per-procedure counters and latency on /metrics", async () => {
    await server.client().repos.list.query();
    await server
      .client()
      .repos.get.query({ name: "no/such" })
      .catch(() => {});
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(
      /statehub_procedure_calls_total\{procedure="repos\.list",type="query",outcome="ok"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /statehub_procedure_calls_total\{procedure="repos\.get",type="query",outcome="NOT_FOUND"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /statehub_procedure_duration_seconds_bucket\{le="0\.1",procedure="repos\.list",outcome="ok"\}/,
    );
    expect(metrics).toContain("process_resident_memory_bytes");
    // Every subject has its series from the start, named with the operation that records it.
    expect(metrics).toMatch(
      /statehub_events_recorded_total\{subject="org\.statehub\.task\.stale",producer="maintenance\.flagStaleTasks"\} \d/,
    );
  });

  it("counts committed lifecycle events by subject on /metrics", async () => {
    const count = async () => {
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      const line = metrics.match(
        /statehub_events_recorded_total\{subject="org\.statehub\.repo\.registered",producer="repos\.register"\} (\d+)/,
      );
      return Number(line?.[1]);
    };
    const before = await count();
    const client = server.client();
    await client.domains.upsert.mutate({ slug: "metrics", name: "Metrics" });
    await client.repos.register.mutate({ name: "metrics/one", domain: "metrics" });
    await client.repos.register.mutate({ name: "metrics/one", domain: "metrics" }); // idempotent: no event
    expect(await count()).toBe(before + 1);
  });

  it("refuses bodies over 1 MiB with 413 before parsing, and writes nothing", async () => {
    const before = await server.database.db.$count(repos);
    const padding = "x".repeat(MAX_BODY_BYTES);
    const body = JSON.stringify({ name: "big/repo", domain: "http", url: padding });
    const declared = await post(`${server.url}/trpc/repos.register`, body);
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({
      error: { data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 } },
    });
    const streamed = await post(`${server.url}/trpc/repos.register`, body, true);
    expect(streamed.status).toBe(413);
    expect(await server.database.db.$count(repos)).toBe(before);
    // Just under the limit is parsed (and then refused by validation, not by size).
    const small = await post(
      `${server.url}/trpc/repos.register`,
      JSON.stringify({ name: "ok/repo", domain: "http", url: "x".repeat(3000) }),
    );
    expect(small.status).toBe(400);
  });

  it("answers malformed JSON, unknown procedures and unknown paths with clear 4xx JSON", async () => {
    const malformed = await post(`${server.url}/trpc/repos.register`, "{not json");
    expect(malformed.status).toBe(400);
    expect(malformed.body).not.toContain("stack");
    const unknownProcedure = await fetch(`${server.url}/trpc/repos.delete`);
    expect(unknownProcedure.status).toBe(404);
    const unknownPath = await fetch(`${server.url}/admin`);
    expect(unknownPath.status).toBe(404);
    expect(await unknownPath.json()).toMatchObject({ error: "not found" });
    const wrongMethod = await fetch(`${server.url}/trpc/repos.register`, { method: "GET" });
    expect(wrongMethod.status).toBeGreaterThanOrEqual(400);
    expect(wrongMethod.status).toBeLessThan(500);
  });

  it("speaks plain JSON without a transformer (what curl sends)", async () => {
    const register = await post(
      `${server.url}/trpc/repos.register`,
      JSON.stringify({ name: "curl/repo", domain: "http" }),
    );
    expect(register.status).toBe(200);
    expect(JSON.parse(register.body)).toMatchObject({
      result: { data: { name: "curl/repo", domain: "http", url: null } },
    });
    const list = await fetch(`${server.url}/trpc/repos.list`);
    const body = (await list.json()) as {
      result: { data: { items: Array<{ name: string; createdAt: string }> } };
    };
    const item = body.result.data.items.find((r) => r.name === "curl/repo");
    expect(item?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("finishes an in-flight request on shutdown and then refuses new connections", async () => {
    const other = await startTestServer({
      database: server.database,
      beforeListen(app) {
        app.readiness.add({
          name: "slow",
          critical: true,
          check: () => new Promise((resolve) => setTimeout(() => resolve({ ok: true }), 400)),
        });
      },
    });
    const inFlight = fetch(`${other.url}/readyz`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await other.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    await expect(fetch(`${other.url}/healthz`)).rejects.toThrow();
  });
});
