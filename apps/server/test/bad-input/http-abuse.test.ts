import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { type RawResponse, rawRequest, trpcError } from "./support/http.js";
import { type RowCounts, rowCounts } from "./support/row-counts.js";

// Requests that are broken at the HTTP/JSON level rather than in their input's shape. Each must
// get a clear 4xx (a tRPC-shaped error naming the problem), write nothing, and leave the hub up.

const JSON_TYPE = { "content-type": "application/json" };
const MIB = 1024 * 1024;

describe("malformed and abusive HTTP requests", { timeout: 60_000 }, () => {
  let server: TestServer;
  let before: RowCounts;

  beforeAll(async () => {
    server = await startTestServer();
    await server.client().domains.upsert.mutate({ slug: "abuse", name: "Abuse" });
    before = await rowCounts(server.database);
  });
  afterAll(async () => {
    // Nothing any of these requests sent was written, and the hub still answers.
    if (server) {
      expect(await rowCounts(server.database)).toEqual(before);
      expect((await rawRequest(server.url, "/healthz")).status).toBe(200);
    }
    await server?.close();
  });

  const post = (path: string, body: string | Buffer, headers: Record<string, string> = JSON_TYPE) =>
    rawRequest(server.url, path, { method: "POST", headers, body });

  function expectClear4xx(response: RawResponse, status: number, code?: string | RegExp): void {
    const context = `${response.status} ${response.text.slice(0, 300)}`;
    expect(response.status, context).toBe(status);
    const error = trpcError(response);
    expect(error?.message, context).toBeTruthy();
    if (code !== undefined) expect(error?.data?.code, context).toMatch(code);
    expect(response.text, context).not.toMatch(/\bat .+\.(js|ts):\d+/); // no stack trace
  }

  it("malformed JSON is a 400 naming the parse error", async () => {
    expectClear4xx(await post("/trpc/domains.upsert", '{"slug":"x"'), 400, /BAD_REQUEST|PARSE_ERROR/);
    expectClear4xx(await post("/trpc/domains.upsert", "not json at all"), 400, /BAD_REQUEST|PARSE_ERROR/);
  });

  it("a query input that is not JSON is a 400", async () => {
    expectClear4xx(await rawRequest(server.url, "/trpc/domains.list?input=%7Bbad"), 400);
  });

  it("a wrong content type is a 415", async () => {
    const body = JSON.stringify({ slug: "ct", name: "ct" });
    expectClear4xx(await post("/trpc/domains.upsert", body, { "content-type": "text/plain" }), 415);
    expectClear4xx(
      await post("/trpc/domains.upsert", "slug=ct&name=ct", {
        "content-type": "application/x-www-form-urlencoded",
      }),
      415,
    );
  });

  it("a body over 1 MiB is a 413, whether its length is declared or it arrives chunked", async () => {
    const big = JSON.stringify({ slug: "big", name: "x".repeat(MIB + 10) });
    expectClear4xx(await post("/trpc/domains.upsert", big), 413, "PAYLOAD_TOO_LARGE");
    const chunked = await rawRequest(server.url, "/trpc/domains.upsert", {
      method: "POST",
      headers: { ...JSON_TYPE, "transfer-encoding": "chunked" },
      body: big,
    });
    expectClear4xx(chunked, 413, "PAYLOAD_TOO_LARGE");
  });

  it("10 000 levels of nesting is a 400, not a stack overflow", async () => {
    const depth = 10_000;
    expectClear4xx(await post("/trpc/domains.upsert", `${"[".repeat(depth)}${"]".repeat(depth)}`), 400);
    expectClear4xx(await post("/trpc/domains.upsert", `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`), 400);
    const deepInput = encodeURIComponent(`${'{"a":'.repeat(1000)}1${"}".repeat(1000)}`);
    expectClear4xx(await rawRequest(server.url, `/trpc/domains.list?input=${deepInput}`), 400);
  });

  it("a huge array (within the size limit) is a 400", async () => {
    const body = JSON.stringify({ slug: "arr", name: Array.from({ length: 150_000 }, (_, i) => i % 10) });
    expect(body.length).toBeLessThan(MIB);
    expectClear4xx(await post("/trpc/domains.upsert", body), 400, "BAD_REQUEST");
  });

  it("a body that is not valid UTF-8 is a 400 (not silently mangled into U+FFFD)", async () => {
    const invalid = Buffer.concat([
      Buffer.from('{"slug":"utf","name":"a'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"}'),
    ]);
    expectClear4xx(await post("/trpc/domains.upsert", invalid), 400, "BAD_REQUEST");
  });

  it("an unknown procedure is a 404; an unknown path outside /trpc too", async () => {
    expectClear4xx(await post("/trpc/nope.nothing", "{}"), 404, "NOT_FOUND");
    expectClear4xx(await rawRequest(server.url, "/trpc/domains"), 404, "NOT_FOUND");
    const outside = await rawRequest(server.url, "/admin");
    expect(outside.status).toBe(404);
  });

  it("GET on a mutation and POST on a query are 405", async () => {
    const input = encodeURIComponent(JSON.stringify({ slug: "get", name: "get" }));
    expectClear4xx(await rawRequest(server.url, `/trpc/domains.upsert?input=${input}`), 405);
    expectClear4xx(await post("/trpc/domains.list", "{}"), 405);
  });

  it("batch abuse: too many calls, a non-object batch input, mismatched entries are 4xx", async () => {
    const many = Array.from({ length: 500 }, () => "events.list").join(",");
    const tooMany = await rawRequest(server.url, `/trpc/${many}?batch=1`);
    expect(tooMany.status, tooMany.text.slice(0, 200)).toBe(400);
    expect(tooMany.text).toMatch(/batch/i);

    const notObject = await post("/trpc/domains.upsert?batch=1", "[1,2]");
    expect(notObject.status).toBe(400);
    expect(notObject.text).toMatch(/needs to be an object/);

    // Inputs keyed by position: an entry for a call that is not in the path is ignored, a
    // missing one is undefined input (a 400 for a mutation that needs input).
    const mismatched = await post(
      "/trpc/domains.upsert,domains.upsert?batch=1",
      JSON.stringify({ 5: { slug: "b5", name: "b5" } }),
    );
    expect(mismatched.status).toBe(400);
    expect(mismatched.json).toEqual([
      expect.objectContaining({
        error: expect.objectContaining({ data: expect.objectContaining({ httpStatus: 400 }) }),
      }),
      expect.objectContaining({
        error: expect.objectContaining({ data: expect.objectContaining({ httpStatus: 400 }) }),
      }),
    ]);
  });
});
