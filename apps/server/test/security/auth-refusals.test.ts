import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callProcedure, postProcedure, rawRequest, trpcError } from "../bad-input/support/http.js";
import { allProcedures } from "../bad-input/support/procedures.js";
import { type RowCounts, rowCounts } from "../bad-input/support/row-counts.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { bearer, READER, WRITER } from "./support/tokens.js";

// With tokens configured, every procedure refuses a caller without a valid token (401), and
// every mutation refuses a read token (403); refused calls write nothing.

const VALID_REGISTER = { name: "sec/repo", domain: "sec" };

describe("auth with tokens configured", { timeout: 60_000 }, () => {
  let server: TestServer;
  let before: RowCounts;

  beforeAll(async () => {
    server = await startTestServer({ tokens: [WRITER, READER] });
    await server.client(WRITER.token).domains.upsert.mutate({ slug: "sec", name: "Security" });
    before = await rowCounts(server.database);
  });
  afterAll(() => server?.close());

  const wrongCredentials: Array<[string, Record<string, string>]> = [
    ["no Authorization header", {}],
    ["an empty header", { authorization: "" }],
    ["a wrong token", bearer("w-token-0123456789abcdef-WRONG!")],
    ["a prefix of the real token", bearer(WRITER.token.slice(0, -1))],
    ["the real token with a suffix", bearer(`${WRITER.token}x`)],
    [
      "another scheme",
      { authorization: `Basic ${Buffer.from(`writer:${WRITER.token}`).toString("base64")}` },
    ],
    ["the token without a scheme", { authorization: WRITER.token }],
  ];

  // Queries that show what only operators should see (parked events' full envelopes).
  const OPERATOR_QUERIES = ["outbox.parked"];

  it.each(wrongCredentials)(
    "%s: every procedure answers 401, nothing is written",
    async (_label, headers) => {
      for (const procedure of allProcedures()) {
        const response = await callProcedure(server.url, procedure, {}, headers);
        expect(response.status, `${procedure.path} ${response.text}`).toBe(401);
        expect(trpcError(response)?.data?.code).toBe("UNAUTHORIZED");
      }
      expect(await rowCounts(server.database)).toEqual(before);
    },
  );

  it("a read token on any mutation or operator query is 403, nothing is written; on another query it is served", async () => {
    for (const procedure of allProcedures()) {
      const response = await callProcedure(server.url, procedure, {}, bearer(READER.token));
      if (procedure.type === "mutation" || OPERATOR_QUERIES.includes(procedure.path)) {
        expect(response.status, `${procedure.path} ${response.text}`).toBe(403);
        expect(trpcError(response)?.data?.code).toBe("FORBIDDEN");
      } else {
        expect([200, 400], `${procedure.path} ${response.text}`).toContain(response.status);
      }
    }
    expect(await rowCounts(server.database)).toEqual(before);
  });

  it("auth is checked before input validation: an invalid input without a token is 401, not 400", async () => {
    const response = await postProcedure(server.url, "repos.register", { bogus: true });
    expect(response.status).toBe(401);
    expect(response.text).not.toMatch(/bogus|fieldErrors/);
  });

  it("a batch smuggling a mutation next to a query with a read token: the mutation is refused", async () => {
    const response = await rawRequest(server.url, "/trpc/domains.list,repos.register?batch=1", {
      method: "POST",
      headers: { "content-type": "application/json", ...bearer(READER.token) },
      body: JSON.stringify({ 0: {}, 1: VALID_REGISTER }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await rowCounts(server.database)).toEqual(before);
  });

  it("the write token is accepted (the refusals above are about the credentials)", async () => {
    const response = await postProcedure(server.url, "repos.register", VALID_REGISTER, bearer(WRITER.token));
    expect(response.status, response.text).toBe(200);
  });
});
