import { request } from "node:http";
import { MAX_BODY_BYTES } from "@statehub/api/wire";
import { createStateHubClient, type StateHubClient } from "@statehub/client";
import { createFreshDatabase, type FreshDatabase } from "@statehub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LINGER_LIMITS } from "../src/http/lingering-close.js";
import { ServerProcess, serverBuildAvailable } from "./faults/support/server-process.js";
import { endlessUpload } from "./support/endless-upload.js";

// A body over the limit is answered 413 at once. The hub must then keep reading (and
// discarding) what the client is still sending before it closes: closing a socket with unread
// data makes the kernel reset the connection, and a client that is still writing (Node's fetch,
// node:http) then loses the answer and sees EPIPE or ECONNRESET instead. The hub runs as its
// own process, as `npm start` runs it: in the test's own process the client happens to read
// the answer before the reset arrives, and the failure hides.

const MIB = 1024 * 1024;
const TOO_LARGE = /request body too large.*the limit is 1048576 bytes \(1 MiB\)/;
const ATTEMPTS = 10;

interface Answer {
  status: number;
  text: string;
}

/** A POST through node:http; `chunked` streams the body in 64 KiB pieces without a length. */
function nodeHttpPost(url: string, body: string, chunked: boolean): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(chunked ? {} : { "content-length": Buffer.byteLength(body) }),
      },
    });
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    if (chunked) {
      for (let sent = 0; sent < body.length; sent += 64 * 1024) req.write(body.slice(sent, sent + 64 * 1024));
      req.end();
    } else {
      req.end(body);
    }
  });
}

describe.runIf(serverBuildAvailable())("a request body over the limit", { timeout: 90_000 }, () => {
  let server: ServerProcess | undefined;
  let database: FreshDatabase | undefined;
  let baseUrl: string;
  let client: StateHubClient;
  let url: string;
  const repoCount = async () => (await client.repos.list.query({ limit: 500 })).items.length;
  let reposBefore: number;

  beforeAll(async () => {
    // Postgres when the run has one (quicker to start than PGlite on a busy machine).
    database = process.env.DATABASE_URL ? await createFreshDatabase() : undefined;
    server = await ServerProcess.start(
      database ? { DATABASE_URL: database.url } : { STATEHUB_DATA_DIR: "memory://" },
      60_000,
    );
    baseUrl = server.url;
    client = createStateHubClient({ url: baseUrl });
    await client.domains.upsert.mutate({ slug: "big", name: "Big" });
    url = `${baseUrl}/trpc/repos.register`;
    reposBefore = await repoCount();
  });
  afterAll(async () => {
    if (server) {
      expect(await repoCount()).toBe(reposBefore);
      expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    }
    await server?.stop();
    await database?.drop();
  });

  const bodyOf = (mib: number) =>
    JSON.stringify({ name: "big/repo", domain: "big", url: "x".repeat(mib * MIB) });

  const expectTooLarge = (answer: Answer) => {
    expect(answer.status, answer.text.slice(0, 200)).toBe(413);
    expect(JSON.parse(answer.text)).toMatchObject({
      error: {
        message: expect.stringMatching(TOO_LARGE),
        data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 },
      },
    });
  };

  it.each([2, 8])(
    "of %i MiB is answered 413 to Node's fetch (what the typed client uses), every time",
    async (mib) => {
      const body = bodyOf(mib);
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        expectTooLarge({ status: response.status, text: await response.text() });
      }
    },
  );

  it.each([2, 8])(
    "of %i MiB is answered 413 to node:http, with a declared length and chunked, every time",
    async (mib) => {
      const body = bodyOf(mib);
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        expectTooLarge(await nodeHttpPost(url, body, false));
        expectTooLarge(await nodeHttpPost(url, body, true));
      }
    },
  );

  it("reaches the typed client as a TRPCClientError naming the limit", async () => {
    const error = await client.repos.register
      .mutate({ name: "big/typed", domain: "big", url: "x".repeat(2 * MIB) })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: "TRPCClientError",
      message: expect.stringMatching(TOO_LARGE),
      data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 },
    });
  });

  it("is still answered when it is just over the limit", async () => {
    const justOver = JSON.stringify({ name: "big/edge", domain: "big", url: "x".repeat(MAX_BODY_BYTES) });
    expectTooLarge(await nodeHttpPost(url, justOver, false));
    expectTooLarge(await nodeHttpPost(url, justOver, true));
  });

  it("from a client that never stops sending: answered, then closed once the discarded bytes pass the bound", async () => {
    const upload = await endlessUpload(`${baseUrl}/trpc/repos.register`, {
      burstBytes: MAX_BODY_BYTES + 64 * 1024,
      trickleBytes: 64 * 1024,
      trickleEveryMs: 0,
    });
    expect(upload.received).toMatch(/^HTTP\/1\.1 413 /);
    expect(upload.received).toMatch(TOO_LARGE);
    expect(upload.bytesSent).toBeGreaterThan(MAX_BODY_BYTES + LINGER_LIMITS.maxBytes);
  });

  it("from a client that stops sending mid-body: answered, then closed after the idle bound", async () => {
    const upload = await endlessUpload(`${baseUrl}/trpc/repos.register`, {
      burstBytes: MAX_BODY_BYTES + 64 * 1024,
    });
    expect(upload.received).toMatch(/^HTTP\/1\.1 413 /);
  });
});
