import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { postProcedure, trpcError } from "./support/http.js";
import { rowCounts } from "./support/row-counts.js";

// Text is stored exactly as sent and read back exactly: SQL metacharacters are data, not SQL,
// and unicode survives the round trip. What Postgres cannot store (NUL; lone UTF-16 surrogates,
// which have no UTF-8 form) is refused with a 400 naming the field instead of being mangled.

const STORED_EXACTLY = {
  "SQL quote and comment": "O'Brien'); drop table domains; --",
  "SQL wildcards and escapes": "100% _of_ \\n \\x00 $$ $1 E'\\\\'",
  "emoji (astral plane, ZWJ sequence)": "ship it 🚀 👩‍💻 🏳️‍🌈",
  "right-to-left and bidi override": "שלום עולם \u202Eevil\u202C مرحبا",
  "combining characters": "e\u0301 a\u0308\u0304 Z\u0351\u0352\u0353",
  "zero-width and BOM": "a\u200Bb\uFEFFc\u200D",
  "control characters other than NUL": "tab\there\nnew\r\u0001\u001F\u007F",
  "the largest code point": "\u{10FFFF}",
} as const;

describe("strings are stored and returned exactly, or refused with a clear 400", { timeout: 60_000 }, () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    await server.client().domains.upsert.mutate({ slug: "strings", name: "Strings" });
  });
  afterAll(() => server?.close());

  it.each(Object.entries(STORED_EXACTLY))("%s", async (_label, value) => {
    const client = server.client();
    const decision = await client.decisions.create.mutate({
      title: value,
      context: value,
      domain: "strings",
    });
    expect(decision.title).toBe(value);
    const read = await client.decisions.get.query({ id: decision.id });
    expect(read.title).toBe(value);
    expect(read.context).toBe(value);
    const listed = await client.decisions.list.query({ domain: "strings", limit: 500 });
    expect(listed.items.find((item) => item.id === decision.id)?.title).toBe(value);
  });

  it.each([
    ["a NUL byte", "before\u0000after"],
    ["a lone high surrogate", "before\uD800after"],
    ["a lone low surrogate", "before\uDC00after"],
    ["surrogates in the wrong order", "\uDE00\uD83D"],
  ])("%s is refused with a 400 naming the field, and nothing is written", async (_label, value) => {
    const before = await rowCounts(server.database);
    const response = await postProcedure(server.url, "decisions.create", { title: value, domain: "strings" });
    expect(response.status, response.text).toBe(400);
    expect(trpcError(response)?.data?.fieldErrors).toHaveProperty("title");
    expect(await rowCounts(server.database)).toEqual(before);
  });
});
