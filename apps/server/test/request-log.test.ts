import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure } from "./support/errors.js";
import { startTestServer, type TestServer, type TestToken } from "./support/server.js";

// Every procedure call, whatever its outcome, leaves one log line and one count on /metrics:
// what operators read to see who called what and why it was refused. Pinned per outcome.

const WRITER: TestToken = { name: "ci-bot", token: "w-0123456789abcdef-logline", scope: "write" };
const READER: TestToken = { name: "dashboard", token: "r-0123456789abcdef-logline", scope: "read" };

type Line = Record<string, unknown>;

describe("the line and the count of every procedure call", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ tokens: [WRITER, READER] });
    await server.client(WRITER.token).domains.upsert.mutate({ slug: "logline", name: "Log line" });
  });
  afterAll(() => server?.close());

  /** The lines `call` adds for procedure `procedure`. */
  async function linesOf(procedure: string, call: () => Promise<unknown>): Promise<Line[]> {
    const before = server.logs.length;
    await call();
    return server.logs
      .slice(before)
      .map((text) => JSON.parse(text) as Line)
      .filter((line) => line.procedure === procedure);
  }

  async function count(procedure: string, outcome: string): Promise<number> {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const pattern = new RegExp(
      `^statehub_procedure_calls_total\\{procedure="${procedure.replace(".", "\\.")}",type="\\w+",outcome="${outcome}"\\} (\\d+)$`,
      "m",
    );
    return Number(pattern.exec(text)?.[1] ?? 0);
  }

  it("a call that succeeds: one info line 'request' naming the caller, counted as ok", async () => {
    const lines = await linesOf("repos.list", () => server.client(READER.token).repos.list.query());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: "request",
      procedure: "repos.list",
      type: "query",
      outcome: "ok",
      caller: "dashboard",
    });
    expect(typeof lines[0]?.durationMs).toBe("number");
    expect(await count("repos.list", "ok")).toBeGreaterThanOrEqual(1);
  });

  it("a call without a token: refused before its input is read, logged and counted as UNAUTHORIZED", async () => {
    const before = await count("repos.register", "UNAUTHORIZED");
    const lines = await linesOf("repos.register", () =>
      failure(server.client().repos.register.mutate({ name: "", domain: "" })),
    );
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: "request refused",
        outcome: "UNAUTHORIZED",
        error: "missing Authorization: Bearer <token>",
      }),
    ]);
    expect(await count("repos.register", "UNAUTHORIZED")).toBe(before + 1);
  });

  it("a read token writing: FORBIDDEN, the line names the caller and the scope it lacks", async () => {
    const lines = await linesOf("repos.register", () =>
      failure(server.client(READER.token).repos.register.mutate({ name: "x/forbidden", domain: "logline" })),
    );
    expect(lines).toEqual([
      expect.objectContaining({
        msg: "request refused",
        outcome: "FORBIDDEN",
        caller: "dashboard",
        error: "token dashboard has read scope; this call needs write",
      }),
    ]);
  });

  it("bad input: BAD_REQUEST, the line carries the field's message", async () => {
    const lines = await linesOf("repos.register", () =>
      failure(server.client(WRITER.token).repos.register.mutate({ name: "x/bad", domain: "no-such-domain" })),
    );
    expect(lines).toEqual([
      expect.objectContaining({ msg: "request refused", outcome: "BAD_REQUEST", caller: "ci-bot" }),
    ]);
    expect(String(lines[0]?.error)).toContain('unknown domain "no-such-domain"');
  });

  it("a domain error: NOT_FOUND with its message", async () => {
    const lines = await linesOf("repos.get", () =>
      failure(server.client(READER.token).repos.get.query({ name: "x/never-registered" })),
    );
    expect(lines).toEqual([expect.objectContaining({ msg: "request refused", outcome: "NOT_FOUND" })]);
    expect(String(lines[0]?.error)).toContain("x/never-registered");
    expect(await count("repos.get", "NOT_FOUND")).toBeGreaterThanOrEqual(1);
  });

  it("an unexpected failure: an error line 'request failed' with the cause, the caller told nothing of it", async () => {
    await server.database.db.execute(sql`alter table decisions rename to decisions_gone`);
    try {
      let answer: Awaited<ReturnType<typeof failure>> | undefined;
      const lines = await linesOf("decisions.list", async () => {
        answer = await failure(server.client(READER.token).decisions.list.query({}));
      });
      expect(answer?.data?.code).toBe("INTERNAL_SERVER_ERROR");
      expect(answer?.message).not.toContain("decisions");
      expect(lines).toEqual([
        expect.objectContaining({ level: 50, msg: "request failed", outcome: "INTERNAL_SERVER_ERROR" }),
      ]);
      expect(JSON.stringify(lines[0]?.err)).toContain("decisions");
    } finally {
      await server.database.db.execute(sql`alter table decisions_gone rename to decisions`);
    }
  });
});
