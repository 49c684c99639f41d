import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseTargets, type TestDatabase } from "../testing/databases.js";
import { type ServiceFixture, serviceFixture, unique } from "../testing/services.js";
import type { SyncWorkplanFile } from "./workplans/types.js";

// The service on both databases (the CLI end to end is apps/server/test/workplans): a dry run
// rolls back on PGlite too, check() answers for unchanged files, the clock stamps the source.

const HASH_A = "a".repeat(64);
const HASH_B = "b".repeat(64);

describe.each(databaseTargets())("workplans service on $name", ({ open }) => {
  let testDb: TestDatabase;
  let f: ServiceFixture;
  let domain: string;
  let repo: string;

  beforeAll(async () => {
    testDb = await open();
    f = serviceFixture(testDb.database);
    domain = unique("eng");
    repo = unique("org/plans");
    await f.services.domains.upsert({ slug: domain, name: "Engineering" });
  });
  afterAll(() => testDb.cleanup());

  const file = (
    key: string,
    contentHash: string,
    status: "active" | "completed" = "active",
  ): SyncWorkplanFile => ({
    source: { repo, path: `workplans/${key}.md`, commit: "c0ffee", contentHash },
    workplan: {
      key,
      title: `Plan ${key}`,
      domain,
      status,
      tasks: [
        { key: "T1", title: "First", status: "done" },
        { key: "T2", title: "Second" },
      ],
    },
  });

  it("a dry run reports what a sync does and rolls everything back", async () => {
    const key = unique("WP");
    const before = await f.outbox();
    const report = await f.services.workplans.sync({ files: [file(key, HASH_A)], dryRun: true }, f.origin);
    expect(report.dryRun).toBe(true);
    expect(report.files[0]).toMatchObject({
      outcome: "created",
      repoRegistered: true,
      events: ["org.statehub.repo.registered"],
      tasks: { created: 2 },
    });
    expect(await f.outbox()).toEqual(before);
    await expect(f.services.workstreams.get({ key })).rejects.toThrow();
    await expect(f.services.repos.get({ name: repo })).rejects.toThrow();
  });

  it("syncs, remembers the source with the clock's time, and check() knows the unchanged file", async () => {
    const key = unique("WP");
    const first = await f.services.workplans.sync({ files: [file(key, HASH_A)] }, f.origin);
    expect(first.files[0]?.outcome).toBe("created");
    const ws = await f.services.workstreams.get({ key });
    expect(ws.source).toEqual({
      repo,
      path: `workplans/${key}.md`,
      commit: "c0ffee",
      contentHash: HASH_A,
      syncedAt: f.clock.now().toISOString(),
    });
    const taskIds = first.files[0]?.taskIds;
    expect(taskIds?.map((t) => t.key)).toEqual(["T1", "T2"]);

    const check = await f.services.workplans.check({
      files: [
        { path: `workplans/${key}.md`, contentHash: HASH_A },
        { path: `workplans/${key}.md`, contentHash: HASH_B },
        { path: "workplans/other.md", contentHash: HASH_A },
      ],
    });
    expect(check.known).toEqual([
      {
        path: `workplans/${key}.md`,
        contentHash: HASH_A,
        repo,
        key,
        workstreamId: ws.id,
        tasks: { created: 0, updated: 0, unchanged: 2, dropped: 0, cancelled: 0 },
        taskIds,
      },
    ]);
    const otherRepo = await f.services.workplans.check({
      repo: "some/other",
      files: [{ path: `workplans/${key}.md`, contentHash: HASH_A }],
    });
    expect(otherRepo.known).toEqual([]);

    f.clock.advanceDays(1);
    const outbox = (await f.outbox()).length;
    const again = await f.services.workplans.sync({ files: [file(key, HASH_A)] }, f.origin);
    expect(again.files[0]?.outcome).toBe("unchanged");
    expect(await f.services.workstreams.get({ key })).toEqual(ws);
    expect(await f.outbox()).toHaveLength(outbox);
  });

  it("completing in the file publishes once; an illegal move is that file's conflict, the other file applies", async () => {
    const done = unique("WP");
    const other = unique("WP");
    await f.services.workplans.sync({ files: [file(done, HASH_A), file(other, HASH_A)] }, f.origin);
    await f.services.workplans.sync({ files: [file(done, HASH_B, "completed")] }, f.origin);
    const completions = (await f.outbox()).filter(
      (row) => row.subject === "org.statehub.workstream.completed",
    );
    expect(completions.map((row) => (row.envelope as { data: { key: string } }).data.key)).toContain(done);

    const report = await f.services.workplans.sync(
      {
        files: [
          { ...file(done, HASH_A), workplan: { ...file(done, HASH_A).workplan, status: "active" } },
          file(other, HASH_B, "completed"),
        ],
      },
      f.origin,
    );
    // completed → active is a reopen (allowed); both apply.
    expect(report.files.map((r) => r.outcome)).toEqual(["updated", "updated"]);
    const blocked = await f.services.workplans.sync(
      {
        files: [{ ...file(other, HASH_A), workplan: { ...file(other, HASH_A).workplan, status: "planned" } }],
      },
      f.origin,
    );
    expect(blocked.files[0]).toMatchObject({
      outcome: "conflict",
      message: "workstream is completed; cannot move to planned (allowed: active)",
    });
  });
});
