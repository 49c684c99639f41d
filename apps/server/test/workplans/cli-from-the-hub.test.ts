import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { realPostgresAvailable } from "@statehub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { BIN, lines, runNodeIn, Workspace } from "./support.js";

// A repo's CI with nothing but Node and the hub's URL: it downloads the workplans CLI from the
// hub (no token: the file holds no data), then syncs with a write token.
const TOKEN = "cli-from-the-hub-write-token-0001";

describe.runIf(existsSync(BIN) && realPostgresAvailable())(
  "the workplans CLI, downloaded from the hub",
  { timeout: 180_000 },
  () => {
    let hub: TestServer;
    let ws: Workspace;
    beforeAll(async () => {
      hub = await startTestServer({ tokens: [{ name: "ci", token: TOKEN, scope: "write" }] });
      ws = new Workspace();
      await hub.client(TOKEN).domains.upsert.mutate({ slug: "payments", name: "Payments" });
    });
    afterAll(async () => {
      ws?.cleanup();
      await hub?.close();
    });

    it("is served without a token, byte for byte the built bin, and runs with only Node", async () => {
      const response = await fetch(`${hub.url}/tools/statehub-workplans.mjs`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/javascript/);
      const body = Buffer.from(await response.arrayBuffer());
      expect(body.equals(readFileSync(BIN))).toBe(true);

      const downloaded = join(ws.dir, "statehub-workplans.mjs");
      writeFileSync(downloaded, body);
      const run = await runNodeIn(
        [downloaded, "sync", "--repo", "acme/ledger", "workplans/pay-wp-0008-refund-api.md"],
        { cwd: ws.dir, env: { STATEHUB_URL: hub.url, STATEHUB_TOKEN: TOKEN } },
      );
      expect(run.stderr).toBe("");
      expect(lines(run.stdout).map(([outcome, path]) => [outcome, path])).toEqual([
        ["created", "workplans/pay-wp-0008-refund-api.md"],
      ]);
      expect(run.code).toBe(0);
      expect((await hub.client(TOKEN).workstreams.get.query({ key: "PAY-WP-0008" })).title).toBe(
        "Refund API",
      );
    });

    it("answers HEAD, and 404/405 for anything else under /tools", async () => {
      const head = await fetch(`${hub.url}/tools/statehub-workplans.mjs`, { method: "HEAD" });
      expect(head.status).toBe(200);
      expect(Number(head.headers.get("content-length"))).toBe(readFileSync(BIN).length);
      expect((await fetch(`${hub.url}/tools/statehub.mjs`)).status).toBe(404);
      expect((await fetch(`${hub.url}/tools/../package.json`)).status).not.toBe(200);
      expect((await fetch(`${hub.url}/tools/statehub-workplans.mjs`, { method: "POST" })).status).toBe(405);
    });
  },
);
