import { openDefaultTestDatabase, type TestDatabase } from "@statehub/api/testing";
import { decisions } from "@statehub/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postProcedure, type RawResponse, rawRequest, trpcError } from "../bad-input/support/http.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { bearer, tokensEnv, WRITER } from "./support/tokens.js";

// A web page can re-point its own name at 127.0.0.1 (DNS rebinding); the browser then lets it
// read and write a hub that runs with auth off as if the hub were that page's own site. The
// Host header still names the page's site, so with auth off the hub serves only loopback Host
// names and those in STATEHUB_ALLOWED_HOSTS, and refuses writes from another Origin.

const REBOUND = "rebind.attacker.example";

describe("with auth off, only loopback and allowed Host names are served", () => {
  let shared: TestDatabase;
  let open: TestServer;
  let allowing: TestServer;
  let secured: TestServer;
  let port: string;

  beforeAll(async () => {
    shared = await openDefaultTestDatabase();
    open = await startTestServer({ database: shared.database });
    allowing = await startTestServer({
      database: shared.database,
      env: { STATEHUB_ALLOWED_HOSTS: "Hub.Example.Internal, 10.0.0.5" },
    });
    secured = await startTestServer({
      database: shared.database,
      env: { STATEHUB_API_TOKENS: tokensEnv([WRITER]) },
    });
    port = new URL(open.url).port;
  });
  afterAll(async () => {
    await open?.close();
    await allowing?.close();
    await secured?.close();
    await shared?.cleanup();
  });

  const decisionCount = () => shared.database.db.$count(decisions);
  const createDecision = (server: TestServer, headers: Record<string, string>, token?: string) =>
    postProcedure(
      server.url,
      "decisions.create",
      { title: "Rebound write" },
      {
        ...headers,
        ...(token === undefined ? {} : bearer(token)),
      },
    );
  const listDecisions = (server: TestServer, headers: Record<string, string>) =>
    rawRequest(server.url, "/trpc/decisions.list", { headers });

  const expectForbidden = (response: RawResponse, message: RegExp) => {
    expect(response.status, response.text).toBe(403);
    expect(trpcError(response)).toMatchObject({
      message: expect.stringMatching(message),
      data: { code: "FORBIDDEN", httpStatus: 403 },
    });
  };

  it("refuses a same-origin write under a rebound name (the reproduction) and writes nothing", async () => {
    const before = await decisionCount();
    const response = await createDecision(open, {
      host: `${REBOUND}:${port}`,
      origin: `http://${REBOUND}:${port}`,
    });
    expectForbidden(response, /host "rebind\.attacker\.example:\d+" is not served.*STATEHUB_ALLOWED_HOSTS/);
    expect(await decisionCount()).toBe(before);
  });

  it("refuses reads under a foreign name too, on every path (health, readiness and metrics included)", async () => {
    for (const path of ["/trpc/decisions.list", "/healthz", "/readyz", "/metrics", "/nowhere"]) {
      const response = await rawRequest(open.url, path, { headers: { host: REBOUND } });
      expectForbidden(response, /is not served/);
    }
    // Another name of localhost, and an IPv4-mapped loopback address, are not loopback names here.
    expectForbidden(await listDecisions(open, { host: `app.localhost:${port}` }), /is not served/);
    expectForbidden(await listDecisions(open, { host: `[::ffff:127.0.0.1]:${port}` }), /is not served/);
  });

  it.each([
    "127.0.0.1:PORT",
    "localhost:PORT",
    "LocalHost:PORT",
    "localhost.:PORT",
    "localhost",
    "127.0.0.2:PORT",
    "[::1]:PORT",
    "[0:0:0:0:0:0:0:1]",
  ])("serves Host %s", async (host) => {
    const response = await listDecisions(open, { host: host.replace("PORT", port) });
    expect(response.status, response.text).toBe(200);
  });

  it("serves the names of STATEHUB_ALLOWED_HOSTS (any case, any port), and no others", async () => {
    expect((await listDecisions(allowing, { host: "hub.example.internal:8443" })).status).toBe(200);
    expect((await listDecisions(allowing, { host: "HUB.example.internal" })).status).toBe(200);
    expect((await listDecisions(allowing, { host: "10.0.0.5" })).status).toBe(200);
    expect((await listDecisions(allowing, { host: `localhost:${port}` })).status).toBe(200);
    expectForbidden(await listDecisions(allowing, { host: "other.example.internal" }), /is not served/);
    const before = await decisionCount();
    const write = await createDecision(allowing, {
      host: "hub.example.internal",
      origin: "https://hub.example.internal",
    });
    expect(write.status, write.text).toBe(200);
    expect(await decisionCount()).toBe(before + 1);
  });

  it("refuses a write whose Origin is not the hub's own, including Origin: null", async () => {
    const before = await decisionCount();
    for (const origin of [
      "http://evil.example",
      `http://127.0.0.1:${Number(port) + 1}`,
      `https://evil.example:${port}`,
      "null",
      `http://localhost:${port}`, // another origin than the Host's 127.0.0.1
    ]) {
      const response = await createDecision(open, { host: `127.0.0.1:${port}`, origin });
      expectForbidden(response, /cross-origin write refused/);
    }
    expect(await decisionCount()).toBe(before);
  });

  it("takes writes from its own origin (a page it serves) and from clients that send no Origin", async () => {
    const before = await decisionCount();
    for (const [host, origin] of [
      [`127.0.0.1:${port}`, `http://127.0.0.1:${port}`],
      [`localhost:${port}`, `http://localhost:${port}`],
      [`[::1]:${port}`, `http://[::1]:${port}`],
    ] as const) {
      const response = await createDecision(open, { host, origin });
      expect(response.status, response.text).toBe(200);
    }
    expect((await createDecision(open, {})).status).toBe(200);
    expect(await open.client().decisions.create.mutate({ title: "typed client" })).toMatchObject({
      status: "open",
    });
    expect(await decisionCount()).toBe(before + 5);
    // Reads are not checked for Origin: the browser keeps another origin from reading them.
    expect((await listDecisions(open, { origin: "http://evil.example" })).status).toBe(200);
  });

  it("logs each refusal once, at info, and counts it by reason", async () => {
    const metric = async (reason: string) => {
      const text = (await rawRequest(open.url, "/metrics")).text;
      return Number(
        text.match(new RegExp(`statehub_http_requests_refused_total\\{reason="${reason}"\\} (\\d+)`))?.[1],
      );
    };
    const [hostBefore, originBefore] = [await metric("host"), await metric("origin")];
    const logsBefore = open.logs.length;
    await createDecision(open, { host: "once.example" });
    await createDecision(open, { origin: "http://once.example" });
    expect(await metric("host")).toBe(hostBefore + 1);
    expect(await metric("origin")).toBe(originBefore + 1);
    const lines = open.logs.slice(logsBefore).filter((line) => line.includes("once.example"));
    expect(lines).toHaveLength(2);
    expect(lines.map((line) => JSON.parse(line))).toMatchObject([
      { level: 30, msg: "request refused: host not served", reason: "host", host: "once.example" },
      {
        level: 30,
        msg: "request refused: cross-origin write",
        reason: "origin",
        origin: "http://once.example",
      },
    ]);
  });

  it("with auth on, every name is served: the tokens are the protection", async () => {
    const response = await createDecision(
      secured,
      { host: REBOUND, origin: `http://${REBOUND}` },
      WRITER.token,
    );
    expect(response.status, response.text).toBe(200);
  });
});
