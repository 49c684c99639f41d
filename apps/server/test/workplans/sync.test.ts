import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { realPostgresAvailable } from "@statehub/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CLI } from "../support/cli.js";
import type { TestServer } from "../support/server.js";
import { BIN, EXAMPLES, hubAndWorkspace, lines, snapshot, syncCli, type Workspace } from "./support.js";

// `statehub workplans sync` as a process against a real hub on a fresh Postgres database.

const REF = "0123456789abcdef0123456789abcdef01234567";
const FILES = {
  nats: "cust-wp-0040-nats-integration.md",
  sync: "cust-wp-0041-workplan-sync.md",
  ledger: "pay-wp-0007-ledger-migration.md",
  refunds: "pay-wp-0008-refund-api.md",
};

describe.runIf(existsSync(CLI) && existsSync(BIN) && realPostgresAvailable())(
  "workplans sync (CLI process, Postgres)",
  { timeout: 180_000 },
  () => {
    let hub: TestServer;
    let ws: Workspace;
    const sync = (...args: string[]) =>
      syncCli(["--ref", REF, ...args], { cwd: ws.dir, env: { STATEHUB_URL: hub.url } });
    const viaStatehub = (...args: string[]) =>
      syncCli(["--ref", REF, ...args], { cwd: ws.dir, env: { STATEHUB_URL: hub.url }, via: "statehub" });
    const subjects = async () => (await snapshot(hub.database)).outbox.map((row) => row.subject);

    beforeEach(async () => {
      ({ hub, ws } = await hubAndWorkspace());
    });
    afterEach(async () => {
      ws.cleanup();
      await hub.close();
    });

    it("a first sync (through statehub workplans sync) creates the workstreams and tasks, registers unknown repos, remembers the source", async () => {
      const run = await viaStatehub("workplans");
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(lines(run.stdout).map(([outcome, path]) => [outcome, path])).toEqual([
        ["created", `workplans/${FILES.nats}`],
        ["created", `workplans/${FILES.sync}`],
        ["created", `workplans/${FILES.ledger}`],
        ["created", `workplans/${FILES.refunds}`],
      ]);
      expect(run.stdout).toMatch(/^total: 4 file\(s\): 4 created; 1 skipped \(not workplans\);/m);

      const state = await snapshot(hub.database);
      expect(state.workstreams.map((w) => [w.key, w.title, w.status])).toEqual([
        ["CUST-WP-0040", "State Hub NATS / Activity-Core Integration", "completed"],
        ["CUST-WP-0041", "Workplans sync from CI", "active"],
        ["PAY-WP-0007", "Ledger migration to Postgres", "blocked"],
        ["PAY-WP-0008", "Refund API", "planned"],
      ]);
      expect(state.tasks).toHaveLength(3 + 4 + 4 + 2);
      // A workplan first seen completed made the move from planned: its completion is published.
      // Files are applied a few at a time: the order of their events is not fixed.
      expect(state.outbox.map((row) => row.subject).sort()).toEqual([
        "org.statehub.repo.registered",
        "org.statehub.repo.registered",
        "org.statehub.workstream.completed",
      ]);
      expect(
        state.outbox.find((row) => row.subject === "org.statehub.workstream.completed")?.envelope,
      ).toMatchObject({
        data: { key: "CUST-WP-0040", previousStatus: "planned" },
      });
      const got = await hub.client().workstreams.get.query({ key: "CUST-WP-0041" });
      expect(got.repo).toBe("the-custodian");
      expect(got.source).toEqual({
        repo: "the-custodian",
        path: `workplans/${FILES.sync}`,
        commit: REF,
        contentHash: createHash("sha256")
          .update(readFileSync(ws.path(FILES.sync)))
          .digest("hex"),
        syncedAt: expect.any(String),
      });
      const repo = await hub.client().repos.get.query({ name: "acme/ledger" });
      expect(repo.domain).toBe("payments");
    });

    it("a re-sync of unchanged files writes nothing: no updated_at, no synced_at, no event", async () => {
      expect((await sync("workplans")).code).toBe(0);
      const before = await snapshot(hub.database);
      const again = await sync("workplans");
      expect(again.code).toBe(0);
      expect(lines(again.stdout).map(([outcome]) => outcome)).toEqual([
        "unchanged",
        "unchanged",
        "unchanged",
        "unchanged",
      ]);
      expect(await snapshot(hub.database)).toEqual(before);
    });

    it("a status edit publishes exactly one event; syncing it again publishes nothing", async () => {
      await sync("workplans");
      ws.edit(FILES.sync, /^status: active/m, "status: completed");
      const run = await sync("workplans");
      expect(run.code).toBe(0);
      expect(lines(run.stdout).find(([, path]) => path === `workplans/${FILES.sync}`)?.[0]).toBe("updated");
      const after = await snapshot(hub.database);
      const completed = after.outbox.filter(
        (row) =>
          row.subject === "org.statehub.workstream.completed" &&
          (row.envelope as { data: { key: string } }).data.key === "CUST-WP-0041",
      );
      expect(completed).toHaveLength(1);
      expect(completed[0]?.envelope).toMatchObject({
        data: { key: "CUST-WP-0041", previousStatus: "active", repo: "the-custodian", domain: "custodian" },
      });
      await sync("workplans");
      expect(await subjects()).toHaveLength(after.outbox.length);
    });

    it("an illegal move is that file's conflict; the other files still apply", async () => {
      await sync("workplans");
      ws.edit(FILES.nats, /^status: completed/m, "status: blocked");
      ws.edit(FILES.refunds, "status: planned", "status: active");
      const run = await sync("workplans");
      expect(run.code).toBe(1);
      const byPath = new Map(lines(run.stdout).map(([outcome, path, ...rest]) => [path, [outcome, ...rest]]));
      expect(byPath.get(`workplans/${FILES.nats}`)).toEqual([
        "conflict",
        "CUST-WP-0040",
        "workstream is completed; cannot move to blocked (allowed: active)",
      ]);
      expect(byPath.get(`workplans/${FILES.refunds}`)?.[0]).toBe("updated");
      const state = await snapshot(hub.database);
      expect(state.workstreams.find((w) => w.key === "CUST-WP-0040")?.status).toBe("completed");
      expect(state.workstreams.find((w) => w.key === "PAY-WP-0008")?.status).toBe("active");
    });

    it("a changed id with an unchanged state_hub_workstream_id renames the workstream", async () => {
      expect((await sync("--write-ids", "workplans")).code).toBe(0);
      const { id } = await hub.client().workstreams.get.query({ key: "PAY-WP-0008" });
      ws.edit(FILES.refunds, "id: PAY-WP-0008", "id: PAY-WP-0010");
      const run = await sync("workplans");
      expect(run.code).toBe(0);
      const renamed = await hub.client().workstreams.get.query({ id });
      expect(renamed.key).toBe("PAY-WP-0010");
      expect((await snapshot(hub.database)).workstreams).toHaveLength(4);
    });

    it("an id that names another workplan's workstream is an error, and nothing of the file is written", async () => {
      await sync("--write-ids", "workplans");
      const ledgerId = (await hub.client().workstreams.get.query({ key: "PAY-WP-0007" })).id;
      const before = await snapshot(hub.database);
      // A copy of the refund workplan given the ledger workplan's id: synced on its own, so the
      // CLI cannot see the two files claim the same id.
      ws.write(
        "copy.md",
        ws
          .read(FILES.refunds)
          .replace("id: PAY-WP-0008", "id: PAY-WP-0011")
          .replace(/^state_hub_workstream_id: .*$/m, `state_hub_workstream_id: ${ledgerId}`),
      );
      const run = await sync("workplans/copy.md");
      expect(run.code).toBe(1);
      expect(lines(run.stdout)).toEqual([
        [
          "error",
          "workplans/copy.md",
          "PAY-WP-0011",
          `state_hub_workstream_id ${ledgerId} names the workstream of another workplan (acme/ledger: workplans/${FILES.ledger})`,
        ],
      ]);
      expect(await snapshot(hub.database)).toEqual(before);
    });

    it("a state_hub_task_id naming a task of another workplan is an error, and nothing of the file is written", async () => {
      expect((await sync("workplans")).code).toBe(0);
      const ledger = await hub.client().workstreams.get.query({ key: "PAY-WP-0007" });
      const [ledgerTask] = (await hub.client().tasks.list.query({ workstreamId: ledger.id })).items;
      if (!ledgerTask) throw new Error("the ledger workplan has no task");
      ws.edit(FILES.refunds, "status: planned", "status: active");
      ws.edit(
        FILES.refunds,
        "{id: T01, title: Draft the refund API, status: todo}",
        `{id: T01, title: Draft the refund API, status: todo, state_hub_task_id: ${ledgerTask.id}}`,
      );
      const before = await snapshot(hub.database);
      const run = await sync(`workplans/${FILES.refunds}`);
      expect(run.code).toBe(1);
      expect(lines(run.stdout)).toEqual([
        [
          "error",
          `workplans/${FILES.refunds}`,
          "PAY-WP-0008",
          `task T01: state_hub_task_id ${ledgerTask.id} is a task of another workplan (PAY-WP-0007)`,
        ],
      ]);
      // Not even the file's status change went in: a file applies whole or not at all.
      expect(await snapshot(hub.database)).toEqual(before);
    });

    it("a workplan in an unknown domain is that file's error", async () => {
      ws.edit(FILES.refunds, "domain: payments", "domain: billing");
      const run = await sync("workplans");
      expect(run.code).toBe(1);
      expect(lines(run.stdout).find(([, path]) => path === `workplans/${FILES.refunds}`)).toEqual([
        "error",
        `workplans/${FILES.refunds}`,
        "PAY-WP-0008",
        'unknown domain "billing" (create it with domains.upsert)',
      ]);
      expect((await snapshot(hub.database)).workstreams.map((w) => w.key)).not.toContain("PAY-WP-0008");
    });

    it("orphans: reported for a sync that names its repo, left alone, cancelled with --prune", async () => {
      await sync("workplans");
      ws.remove(FILES.sync);
      const report = await sync("--repo", "the-custodian", `workplans/${FILES.nats}`);
      expect(report.code).toBe(0);
      expect(lines(report.stdout)).toContainEqual([
        "orphan",
        `workplans/${FILES.sync}`,
        "CUST-WP-0041",
        "(active; its file is gone) left as it is (--prune cancels it)",
      ]);
      expect((await hub.client().workstreams.get.query({ key: "CUST-WP-0041" })).status).toBe("active");

      const pruned = await sync("--repo", "the-custodian", "--prune", `workplans/${FILES.nats}`);
      expect(pruned.code).toBe(0);
      expect(lines(pruned.stdout)).toContainEqual([
        "orphan",
        `workplans/${FILES.sync}`,
        "CUST-WP-0041",
        "(active; its file is gone) cancelled with 3 open task(s)",
      ]);
      const cancelled = await hub.client().workstreams.get.query({ key: "CUST-WP-0041" });
      expect(cancelled.status).toBe("cancelled");
      const tasks = await hub.client().tasks.list.query({ workstreamId: cancelled.id });
      expect(tasks.items.map((t) => t.status).sort()).toEqual([
        "cancelled",
        "cancelled",
        "cancelled",
        "done",
      ]);
      // Finished: no longer an orphan to report.
      const after = await sync("--repo", "the-custodian", `workplans/${FILES.nats}`);
      expect(after.stdout).toMatch(/; 0 orphan\(s\)/);
    });

    it("a task dropped from a file is reported; --prune cancels it", async () => {
      await sync("workplans");
      ws.edit(
        FILES.ledger,
        / {2}- id: T04\n {4}title: Decommission the old ledger store\n {4}status: todo\n/,
        "",
      );
      const run = await sync(`workplans/${FILES.ledger}`);
      expect(lines(run.stdout)[0]?.slice(0, 1)).toEqual(["unchanged"]);
      expect(run.stdout).toContain("tasks: 3 unchanged, 1 dropped");
      const pruned = await sync("--prune", `workplans/${FILES.ledger}`);
      expect(pruned.stdout).toContain("tasks: 3 unchanged, 1 dropped, 1 cancelled");
      const { id } = await hub.client().workstreams.get.query({ key: "PAY-WP-0007" });
      const tasks = await hub.client().tasks.list.query({ workstreamId: id });
      expect(tasks.items.find((t) => t.key === "T04")?.status).toBe("cancelled");
    });

    it("--dry-run reports what a sync would do and writes nothing", async () => {
      const before = await snapshot(hub.database);
      const run = await sync("--dry-run", "--write-ids", "workplans");
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^dry run: nothing is written/);
      expect(lines(run.stdout).map(([outcome]) => outcome)).toEqual([
        "created",
        "created",
        "created",
        "created",
      ]);
      expect(await snapshot(hub.database)).toEqual(before);
      for (const name of Object.values(FILES))
        expect(ws.read(name)).toBe(readFileSync(join(EXAMPLES, name), "utf8"));
    });

    it("--json prints the same report as JSON", async () => {
      const run = await sync("--json", "workplans");
      const report = JSON.parse(run.stdout) as {
        files: { path: string; outcome: string; tasks: { created: number } }[];
        skipped: { path: string }[];
        totals: Record<string, number>;
      };
      expect(report.files.map((f) => [f.outcome, f.tasks.created])).toEqual([
        ["created", 3],
        ["created", 4],
        ["created", 4],
        ["created", 2],
      ]);
      expect(report.skipped.map((s) => s.path)).toEqual(["workplans/README.md"]);
      expect(report.totals).toMatchObject({ created: 4, skipped: 1, error: 0 });
    });
  },
);
