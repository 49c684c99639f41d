import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { realPostgresAvailable } from "@statehub/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TestServer } from "../support/server.js";
import {
  BIN,
  EXAMPLES,
  hubAndWorkspace,
  lines,
  runNodeIn,
  snapshot,
  syncCli,
  type Workspace,
} from "./support.js";

const NATS = "cust-wp-0040-nats-integration.md";
const WORKPLANS = fileURLToPath(new URL("../../../../packages/workplans", import.meta.url));

describe.runIf(existsSync(BIN) && realPostgresAvailable())(
  "workplans sync: ids, concurrency, the packed bin",
  { timeout: 180_000 },
  () => {
    let hub: TestServer;
    let ws: Workspace;
    const sync = (...args: string[]) => syncCli(args, { cwd: ws.dir, env: { STATEHUB_URL: hub.url } });

    beforeEach(async () => {
      ({ hub, ws } = await hubAndWorkspace());
    });
    afterEach(async () => {
      ws.cleanup();
      await hub.close();
    });

    it("--write-ids writes the hub's ids into the file and changes nothing else, byte for byte", async () => {
      const run = await sync("--write-ids", `workplans/${NATS}`);
      expect(run.code).toBe(0);
      expect(lines(run.stdout)[0]?.[3]).toBe(
        "(tasks: 3 created; repo registered; events: org.statehub.repo.registered, org.statehub.workstream.completed; ids written)",
      );

      // The expected file: the example with one line per id, each next to its neighbour, ids
      // read from the hub's API.
      const workstream = await hub.client().workstreams.get.query({ key: "CUST-WP-0040" });
      const tasks = await hub.client().tasks.list.query({ workstreamId: workstream.id });
      const taskId = (key: string) => tasks.items.find((task) => task.key === key)?.id;
      const expected = readFileSync(join(EXAMPLES, NATS), "utf8")
        .replace(
          "status: completed            # planned | active | blocked | completed | cancelled\n",
          `status: completed            # planned | active | blocked | completed | cancelled\nstate_hub_workstream_id: ${workstream.id}\n`,
        )
        .replace(
          "    title: Connect state hub event publisher to NATS JetStream\n",
          `    title: Connect state hub event publisher to NATS JetStream\n    state_hub_task_id: ${taskId("T01")}\n`,
        )
        .replace(
          "    title: Define NATS subject schema for state hub lifecycle events\n",
          `    title: Define NATS subject schema for state hub lifecycle events\n    state_hub_task_id: ${taskId("T02")}\n`,
        )
        .replace(
          "    title: Replace the custodian-sync timer with a CI step\n",
          `    title: Replace the custodian-sync timer with a CI step\n    state_hub_task_id: ${taskId("T03")}\n`,
        );
      expect(readFileSync(ws.path(NATS))).toEqual(Buffer.from(expected));

      // The file changed (its ids): synced again it is applied, and changes no entity.
      const before = await snapshot(hub.database);
      const again = await sync("--write-ids", `workplans/${NATS}`);
      expect(lines(again.stdout)[0]?.[0]).toBe("unchanged");
      expect(readFileSync(ws.path(NATS))).toEqual(Buffer.from(expected));
      const after = await snapshot(hub.database);
      expect(after.workstreams).toEqual(before.workstreams);
      expect(after.tasks).toEqual(before.tasks);
      expect(after.outbox).toEqual(before.outbox);
    });

    it("two syncs of the same folder at once never duplicate an entity or an event", async () => {
      const both = await Promise.all([sync("workplans"), sync("workplans")]);
      expect(both.map((run) => run.code)).toEqual([0, 0]);
      const outcomes = both.flatMap((run) => lines(run.stdout).map(([outcome]) => outcome)).sort();
      expect(outcomes).toEqual([...Array(4).fill("created"), ...Array(4).fill("unchanged")]);
      const state = await snapshot(hub.database);
      expect(state.workstreams).toHaveLength(4);
      expect(state.tasks).toHaveLength(13);
      expect(state.sources).toHaveLength(4);
      expect(state.outbox.map((row) => row.subject).sort()).toEqual([
        "org.statehub.repo.registered",
        "org.statehub.repo.registered",
        "org.statehub.workstream.completed", // CUST-WP-0040, first seen completed
      ]);

      // Both complete the same workplan at once: one transition, one event.
      ws.edit("cust-wp-0041-workplan-sync.md", /^status: active/m, "status: completed");
      ws.edit("pay-wp-0007-ledger-migration.md", /^status: blocked/m, "status: completed");
      const again = await Promise.all([sync("workplans"), sync("workplans")]);
      expect(again.map((run) => run.code)).toEqual([0, 0]);
      const completed = (await snapshot(hub.database)).outbox.filter(
        (row) => row.subject === "org.statehub.workstream.completed",
      );
      expect(completed.map((row) => (row.envelope as { data: { key: string } }).data.key).sort()).toEqual([
        "CUST-WP-0040",
        "CUST-WP-0041",
        "PAY-WP-0007",
      ]);
    });

    it("the packed package installs with npm alone and its bin syncs", async () => {
      const dir = mkdtempSync(join(tmpdir(), "statehub-workplans-npm-"));
      try {
        const tarball = execFileSync(process.execPath, [join(WORKPLANS, "scripts/pack.mjs"), dir], {
          encoding: "utf8",
        }).trim();
        const manifest = execFileSync("tar", ["-xzOf", tarball, "package/package.json"], {
          encoding: "utf8",
        });
        expect(JSON.parse(manifest)).not.toHaveProperty("dependencies");
        execFileSync(
          "npm",
          ["install", "--prefix", join(dir, "ci"), "--offline", "--no-audit", "--no-fund", tarball],
          {
            stdio: "ignore",
          },
        );
        const bin = join(dir, "ci", "node_modules", "@statehub", "workplans", "statehub-workplans.mjs");
        const run = await runNodeIn(
          [bin, "sync", "--repo", "acme/ledger", "workplans/pay-wp-0008-refund-api.md"],
          {
            cwd: ws.dir,
            env: { STATEHUB_URL: hub.url },
          },
        );
        expect(run.stderr).toBe("");
        expect(lines(run.stdout).map(([outcome, path]) => [outcome, path])).toEqual([
          ["created", "workplans/pay-wp-0008-refund-api.md"],
        ]);
        expect(run.code).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
