import { createServer, request, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endlessUpload } from "../../test/support/endless-upload.js";
import { listen } from "./lifecycle.js";
import { answerThenLinger, type LingerLimits } from "./lingering-close.js";

// Small limits, so each bound is reached quickly and told apart from the others.
const LIMITS: LingerLimits = { maxBytes: 512 * 1024, maxMs: 1_500, idleMs: 400 };
const ANSWER = { error: "refused" };

describe("answerThenLinger", () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/after-reading") {
        // The whole body was read already: nothing to linger for.
        req.resume();
        req.once("end", () => answerThenLinger(req, res, 413, ANSWER, LIMITS));
        return;
      }
      answerThenLinger(req, res, 413, ANSWER, LIMITS);
    });
    url = await listen(server, 0, "127.0.0.1");
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

  it("lets a client that is still writing its body finish it and read the answer", async () => {
    const body = "z".repeat(LIMITS.maxBytes - 1024);
    const answer = await new Promise<{ status: number; text: string; connection: string | undefined }>(
      (resolve, reject) => {
        const req = request(`${url}/refuse`, { method: "POST", headers: { "content-length": body.length } });
        req.on("response", (res) => {
          let text = "";
          res.on("data", (chunk) => {
            text += chunk;
          });
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, text, connection: res.headers.connection }),
          );
        });
        req.on("error", reject);
        // Written in pieces, so most of the body is still to come when the answer is sent.
        let sent = 0;
        const writeSome = () => {
          if (sent >= body.length) return req.end();
          req.write(body.slice(sent, sent + 16 * 1024));
          sent += 16 * 1024;
          setImmediate(writeSome);
        };
        writeSome();
      },
    );
    expect(answer).toEqual({ status: 413, text: JSON.stringify(ANSWER), connection: "close" });
  });

  it("answers and closes at once when the body was already read", async () => {
    const upload = await fetch(`${url}/after-reading`, { method: "POST", body: "small" });
    expect(upload.status).toBe(413);
    expect(upload.headers.get("connection")).toBe("close");
    expect(await upload.json()).toEqual(ANSWER);
  });

  it("closes a client that sends forever once it has discarded maxBytes", async () => {
    const upload = await endlessUpload(`${url}/refuse`, {
      burstBytes: 64 * 1024,
      trickleBytes: 64 * 1024,
      trickleEveryMs: 0,
    });
    expect(upload.received).toMatch(/^HTTP\/1\.1 413 /);
    expect(upload.bytesSent).toBeGreaterThan(LIMITS.maxBytes);
  });

  it("closes a client that trickles forever after maxMs", async () => {
    const upload = await endlessUpload(`${url}/refuse`, {
      burstBytes: 1024,
      trickleBytes: 16,
      trickleEveryMs: LIMITS.idleMs / 4,
    });
    expect(upload.received).toMatch(/^HTTP\/1\.1 413 /);
    expect(upload.bytesSent).toBeLessThan(LIMITS.maxBytes);
    // Timers never fire early (a few ms of rounding aside): not the idle bound, the total one.
    expect(upload.closedAfterMs).toBeGreaterThan(LIMITS.maxMs - 50);
  });

  it("closes a client that stops sending mid-body after idleMs", async () => {
    const upload = await endlessUpload(`${url}/refuse`, { burstBytes: 1024 });
    expect(upload.received).toMatch(/^HTTP\/1\.1 413 /);
    expect(upload.closedAfterMs).toBeGreaterThan(LIMITS.idleMs - 50);
  });
});
