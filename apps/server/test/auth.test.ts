import { openDefaultTestDatabase, type TestDatabase } from "@statehub/api/testing";
import { repos } from "@statehub/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";
import { failure } from "./support/errors.js";
import { startTestServer, type TestServer, type TestToken } from "./support/server.js";

const WRITER: TestToken = { name: "ci-bot", token: "w-0123456789abcdef-secret", scope: "write" };
const READER: TestToken = { name: "dashboard", token: "r-0123456789abcdef-secret", scope: "read" };

describe("auth", () => {
  let shared: TestDatabase;
  let secured: TestServer;
  let open: TestServer;

  beforeAll(async () => {
    // One database, two servers: one with tokens, one without.
    shared = await openDefaultTestDatabase();
    secured = await startTestServer({ tokens: [WRITER, READER], database: shared.database });
    open = await startTestServer({ database: shared.database });
    await open.client().domains.upsert.mutate({ slug: "auth", name: "Auth" });
  });
  afterAll(async () => {
    await secured?.close();
    await open?.close();
    await shared?.cleanup();
  });

  const repoCount = () => shared.database.db.$count(repos);

  it("with tokens: a missing or wrong token is UNAUTHORIZED and writes nothing", async () => {
    const before = await repoCount();
    for (const client of [
      secured.client(),
      secured.client("w-0123456789abcdef-secreT"),
      secured.client("short"),
    ]) {
      const query = await failure(client.repos.list.query());
      expect(query.data?.code).toBe("UNAUTHORIZED");
      expect(query.data?.httpStatus).toBe(401);
      const mutation = await failure(client.repos.register.mutate({ name: "x/denied", domain: "auth" }));
      expect(mutation.data?.code).toBe("UNAUTHORIZED");
    }
    // Refused before input validation: nothing about the input leaks to an anonymous caller.
    const invalid = await failure(secured.client().repos.register.mutate({ name: "", domain: "" }));
    expect(invalid.data?.code).toBe("UNAUTHORIZED");
    const raw = await fetch(`${secured.url}/trpc/repos.list`, { headers: { authorization: "Basic abc" } });
    expect(raw.status).toBe(401);
    expect(await repoCount()).toBe(before);
  });

  it("with tokens: a read token reads, and is FORBIDDEN to write", async () => {
    const reader = secured.client(READER.token);
    expect((await reader.repos.list.query()).items).toBeDefined();
    const before = await repoCount();
    const error = await failure(reader.repos.register.mutate({ name: "x/forbidden", domain: "auth" }));
    expect(error.data?.code).toBe("FORBIDDEN");
    expect(error.data?.httpStatus).toBe(403);
    expect(await repoCount()).toBe(before);
  });

  it("with tokens: a write token writes, and its name becomes the events' actor", async () => {
    const writer = secured.client(WRITER.token);
    const repo = await writer.repos.register.mutate({ name: "x/allowed", domain: "auth" });
    const events = await writer.events.list.query({ subject: "org.statehub.repo.registered" });
    const event = events.items.find((e) => e.envelope.subject === repo.id);
    expect(event?.envelope).toMatchObject({ actor: "ci-bot" });
    const line = secured.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.procedure === "repos.register" && l.outcome === "ok");
    expect(line?.caller).toBe("ci-bot");
  });

  it("without tokens: every call is allowed, with no actor", async () => {
    const repo = await open.client().repos.register.mutate({ name: "x/open", domain: "auth" });
    const events = await open.client().events.list.query({ subject: "org.statehub.repo.registered" });
    expect(events.items.find((e) => e.envelope.subject === repo.id)?.envelope).not.toHaveProperty("actor");
    expect(open.logs.some((l) => l.includes("auth is off"))).toBe(true);
  });

  it("never writes a token into the logs", async () => {
    const all = [...secured.logs, ...open.logs].join("\n");
    for (const token of [WRITER.token, READER.token, "w-0123456789abcdef-secreT"])
      expect(all).not.toContain(token);
    expect(all).not.toMatch(/Bearer\s+[\w-]*secret/i);
  });

  it("refuses a non-loopback HOST without tokens, and bad token entries without echoing them", () => {
    expect(() => loadConfig({ HOST: "0.0.0.0" })).toThrow(ConfigError);
    expect(() => loadConfig({ HOST: "0.0.0.0" })).toThrow(/STATEHUB_API_TOKENS/);
    expect(
      loadConfig({ HOST: "0.0.0.0", STATEHUB_API_TOKENS: `${WRITER.name}:${WRITER.token}:write` }).host,
    ).toBe("0.0.0.0");
    expect(loadConfig({ HOST: "::1" }).host).toBe("::1");
    const secret = "supersecret-token-value-123";
    for (const entry of [
      `bot:${secret}:admin`,
      `bot:${secret}`,
      `bad name:${secret}:read`,
      "bot:short:read",
    ]) {
      let message = "";
      try {
        loadConfig({ STATEHUB_API_TOKENS: entry });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^invalid configuration: STATEHUB_API_TOKENS entry 1/);
      expect(message).not.toContain(secret);
    }
  });
});
