import { existsSync, writeFileSync } from "node:fs";
import * as limits from "@statehub/api/limits";
import { freePort, realPostgresAvailable } from "@statehub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { BIN, lines, snapshot, syncCli, Workspace } from "./support.js";

// Every bad workplan is that file's error, naming path:line:column where there is one; nothing
// of it is written, and the good files of the same sync still apply.

const GOOD = ["id: OK-1", "type: workplan", "domain: payments", "repo: acme/ledger", "status: active"];
const file = (frontmatter: string[], body = "# A title\n") =>
  `---\n${frontmatter.join("\n")}\n---\n\n${body}`;

const BAD: Record<string, { text: string; error: string | RegExp }> = {
  "no-frontmatter.md": {
    text: "# Just prose\n",
    error:
      "workplans/no-frontmatter.md: not a workplan: no YAML frontmatter (the file does not start with a --- line)",
  },
  "malformed.md": {
    text: file(["id: BAD-1", "type: workplan", "domain: payments", "tasks: [", "status: active"]),
    error: /^workplans\/malformed\.md:\d+:\d+: malformed YAML: \S/,
  },
  "missing-id.md": {
    text: file(["type: workplan", "domain: payments", "repo: acme/ledger"]),
    error: "workplans/missing-id.md:2:1: missing `id`",
  },
  "duplicate-tasks.md": {
    text: file([
      "id: BAD-2",
      ...GOOD.slice(1),
      "tasks:",
      "  - id: T1",
      "    title: a",
      "  - id: T1",
      "    title: b",
    ]),
    error: 'workplans/duplicate-tasks.md:10:9: duplicate task id "T1" (first at line 8)',
  },
  "unknown-status.md": {
    text: file(["id: BAD-3", "type: workplan", "domain: payments", "repo: acme/ledger", "status: done"]),
    error:
      'workplans/unknown-status.md:6:9: unknown status "done" (allowed: planned, active, blocked, completed, cancelled)',
  },
  "long-title.md": {
    text: file(["id: BAD-4", ...GOOD.slice(1)], `# BAD-4: ${"t".repeat(501)}\n`),
    error:
      "workplans/long-title.md:9:3: the title (first # heading) is 501 characters long, over the limit of 500",
  },
  "too-large.md": {
    text: file(["id: BAD-5", ...GOOD.slice(1)], `# Big\n${"x".repeat(1024 * 1024)}\n`),
    error:
      /^workplans\/too-large\.md: is 10486\d\d bytes, over the limit of 1048576 bytes \(1 MiB\) for a workplan$/,
  },
};

describe.runIf(existsSync(BIN) && realPostgresAvailable())(
  "workplans sync: bad input (CLI process)",
  { timeout: 180_000 },
  () => {
    let hub: TestServer;
    let ws: Workspace;

    beforeAll(async () => {
      hub = await startTestServer();
      ws = new Workspace();
      await hub.client().domains.upsert.mutate({ slug: "payments", name: "Payments" });
      ws.write("ok.md", file(GOOD, "# OK-1: The good one\n"));
    });
    afterAll(async () => {
      ws.cleanup();
      await hub.close();
    });

    for (const [name, { text, error }] of Object.entries(BAD)) {
      it(`${name}: a clear error, nothing written; the good file still applies`, async () => {
        writeFileSync(ws.path(name), text);
        const before = await snapshot(hub.database);
        const run = await syncCli([`workplans/${name}`, "workplans/ok.md"], {
          cwd: ws.dir,
          env: { STATEHUB_URL: hub.url },
        });
        expect(run.code).toBe(1);
        const [failed, good] = lines(run.stdout);
        expect(failed?.[0]).toBe("error");
        if (typeof error === "string") expect(failed?.at(-1)).toBe(error);
        else expect(failed?.at(-1)).toMatch(error);
        expect(good?.[0]).toMatch(/^(created|unchanged)$/);
        const after = await snapshot(hub.database);
        expect(after.workstreams.map((w) => w.key)).toEqual(["OK-1"]);
        if (good?.[0] === "unchanged") expect(after).toEqual(before);
        ws.remove(name);
      });
    }

    it("the CLI's limits are the API's: a key and a title exactly at the limits sync", async () => {
      const key = `K${"1".repeat(limits.KEY.max - 1)}`;
      ws.write("at-limits.md", file([`id: ${key}`, ...GOOD.slice(1)], `# ${"t".repeat(limits.TITLE_MAX)}\n`));
      const run = await syncCli(["workplans/at-limits.md"], { cwd: ws.dir, env: { STATEHUB_URL: hub.url } });
      expect(lines(run.stdout)[0]?.slice(0, 3)).toEqual(["created", "workplans/at-limits.md", key]);
      const created = await hub.client().workstreams.get.query({ key });
      expect(created.title).toHaveLength(limits.TITLE_MAX);
      ws.remove("at-limits.md");
    });

    it("a folder walk skips files that are not workplans and counts them; a broken one is still an error", async () => {
      ws.write("notes.md", "---\ntitle: meeting notes\n---\n# Notes\n");
      ws.write("broken.md", BAD["malformed.md"]?.text ?? "");
      const run = await syncCli(["workplans"], { cwd: ws.dir, env: { STATEHUB_URL: hub.url } });
      expect(run.code).toBe(1);
      const outcomes = new Map(lines(run.stdout).map(([outcome, path]) => [path, outcome]));
      expect(outcomes.get("workplans/broken.md")).toBe("error");
      expect(outcomes.get("workplans/ok.md")).toBe("unchanged");
      expect(outcomes.get("workplans/notes.md")).toBeUndefined();
      expect(run.stdout).toMatch(/; 2 skipped \(not workplans\)/); // notes.md and the examples' README.md
    });

    it("a missing argument, an unreachable hub, a bad option: clear messages and a non-zero exit", async () => {
      const missing = await syncCli(["workplans/nope.md"], { cwd: ws.dir, env: { STATEHUB_URL: hub.url } });
      expect(missing.code).toBe(1);
      expect(missing.stdout).toContain("workplans/nope.md: no such file or folder");

      const closed = `http://127.0.0.1:${await freePort()}`;
      const down = await syncCli(["workplans/ok.md"], { cwd: ws.dir, env: { STATEHUB_URL: closed } });
      expect(down.code).toBe(1);
      expect(lines(down.stdout)[0]?.at(-1)).toBe("cannot reach the hub: ECONNREFUSED");

      const usage = await syncCli(["--frobnicate", "workplans"], { cwd: ws.dir });
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain("--frobnicate");
    });
  },
);

describe.runIf(existsSync(BIN) && realPostgresAvailable())(
  "workplans sync: tokens (CLI process)",
  { timeout: 180_000 },
  () => {
    const WRITE = "workplans-write-token-0123456789";
    const READ = "workplans-read-token-0123456789";
    let hub: TestServer;
    let ws: Workspace;

    beforeAll(async () => {
      hub = await startTestServer({
        tokens: [
          { name: "ci", token: WRITE, scope: "write" },
          { name: "dash", token: READ, scope: "read" },
        ],
      });
      ws = new Workspace();
      await hub.client(WRITE).domains.upsert.mutate({ slug: "payments", name: "Payments" });
    });
    afterAll(async () => {
      ws.cleanup();
      await hub.close();
    });

    it("needs a write token, from --token or STATEHUB_TOKEN, and never prints it", async () => {
      const target = "workplans/pay-wp-0008-refund-api.md";
      const none = await syncCli([target], { cwd: ws.dir, env: { STATEHUB_URL: hub.url } });
      expect(lines(none.stdout)[0]?.at(-1)).toBe(
        "the hub refused the request (UNAUTHORIZED): missing Authorization: Bearer <token>",
      );
      const read = await syncCli(["--token", READ, target], { cwd: ws.dir, env: { STATEHUB_URL: hub.url } });
      expect(read.code).toBe(1);
      expect(lines(read.stdout)[0]?.at(-1)).toBe(
        "the hub refused the request (FORBIDDEN): token dash has read scope; this call needs write",
      );
      const write = await syncCli([target], {
        cwd: ws.dir,
        env: { STATEHUB_URL: hub.url, STATEHUB_TOKEN: WRITE },
      });
      expect(write.code).toBe(0);
      for (const run of [none, read, write])
        expect(run.stdout + run.stderr).not.toMatch(/workplans-(read|write)-token/);
    });
  },
);
