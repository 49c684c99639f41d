import { ManualClock } from "@statehub/api";
import { decisions, domainGoals, repos, tasks, workstreams } from "@statehub/db";
import { type AnyEnvelope, parseEnvelope, type Subject } from "@statehub/events";
import { isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure } from "../support/errors.js";
import { startTestServer, type TestServer } from "../support/server.js";

// "No path into an event's state skips its event": whatever sequence of calls put an entity
// into the state an event announces (created that way, moved there, moved back and again),
// the event log holds that event for it. Checked against the database, entity by entity.

describe("every entity in an event's state has its event", { timeout: 60_000 }, () => {
  let server: TestServer;
  const clock = new ManualClock("2026-03-01T09:00:00.000Z");

  beforeAll(async () => {
    server = await startTestServer({ clock });
  });
  afterAll(() => server?.close());

  /** Every envelope in the event log, checked against the contract. */
  async function eventLog(): Promise<AnyEnvelope[]> {
    const envelopes: AnyEnvelope[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await server.client().events.list.query({ limit: 500, ...(after ? { after } : {}) });
      for (const item of page.items) {
        const parsed = parseEnvelope(item.envelope);
        if (!parsed.ok) throw new Error(`an envelope the contract refuses: ${parsed.error.message}`);
        envelopes.push(parsed.envelope);
      }
      if (page.nextCursor === null) return envelopes;
      after = page.nextCursor;
    }
  }

  it("whichever procedure put it there", async () => {
    const hub = server.client();
    await hub.domains.upsert.mutate({ slug: "paths", name: "Paths" });
    await hub.repos.register.mutate({ name: "paths/one", domain: "paths" });
    await hub.repos.register.mutate({ name: "paths/one", domain: "paths" });
    await hub.repos.register.mutate({ name: "paths/two", domain: "paths", url: "https://git.example/two" });

    // Workstreams: created in every status, completed by update, reopened and completed again.
    for (const status of ["planned", "active", "blocked", "completed", "cancelled"] as const) {
      await hub.workstreams.create.mutate({ title: `created ${status}`, domain: "paths", status });
    }
    const synced = await hub.workstreams.create.mutate({
      key: "PATHS-WP-1",
      title: "Completed before the hub heard of it",
      domain: "paths",
      repo: "paths/one",
      status: "completed",
    });
    // A workplan synced when it is already done, from a repo the hub does not know yet.
    const sync = await hub.workplans.sync.mutate({
      files: [
        {
          source: {
            repo: "paths/plans",
            path: "workplans/done.md",
            commit: null,
            contentHash: "a".repeat(64),
          },
          workplan: {
            key: "PATHS-WP-2",
            title: "Synced done",
            domain: "paths",
            status: "completed",
            tasks: [],
          },
        },
      ],
    });
    const syncedByFile = sync.files[0]?.workstreamId;
    expect(syncedByFile).toEqual(expect.any(String));
    const looped = await hub.workstreams.create.mutate({ title: "loop", domain: "paths", status: "active" });
    await hub.workstreams.update.mutate({ id: looped.id, status: "completed" });
    await hub.workstreams.update.mutate({ id: looped.id, status: "active" });
    await hub.workstreams.update.mutate({ id: looped.id, status: "completed" });

    // Decisions and goals cannot be created in their event's state: the input has no status.
    const resolvedAtBirth = await failure(
      // @ts-expect-error: status is not an input of decisions.create, on purpose
      hub.decisions.create.mutate({ title: "born resolved", status: "resolved", resolution: "yes" }),
    );
    expect(resolvedAtBirth.data?.code).toBe("BAD_REQUEST");
    expect(resolvedAtBirth.data?.formErrors?.join()).toMatch(/status/);
    const activeAtBirth = await failure(
      // @ts-expect-error: status is not an input of domainGoals.create, on purpose
      hub.domainGoals.create.mutate({ domain: "paths", title: "born active", status: "active" }),
    );
    expect(activeAtBirth.data?.code).toBe("BAD_REQUEST");
    expect(activeAtBirth.data?.formErrors?.join()).toMatch(/status/);

    const decision = await hub.decisions.create.mutate({ title: "resolve me", domain: "paths" });
    await hub.decisions.resolve.mutate({ id: decision.id, resolution: "done" });
    await hub.decisions.create.mutate({ title: "left open" });
    const achieved = await hub.domainGoals.create.mutate({ domain: "paths", title: "achieve me" });
    await hub.domainGoals.activate.mutate({ id: achieved.id });
    await hub.domainGoals.achieve.mutate({ id: achieved.id });
    const active = await hub.domainGoals.create.mutate({ domain: "paths", title: "stay active" });
    await hub.domainGoals.activate.mutate({ id: active.id });
    const abandoned = await hub.domainGoals.create.mutate({ domain: "paths", title: "never active" });
    await hub.domainGoals.abandon.mutate({ id: abandoned.id });

    // Tasks: created in any status (no event announces a task's status); staleness comes only
    // from the stale check, which publishes as it flags.
    for (const status of ["todo", "in_progress", "blocked", "done", "cancelled"] as const) {
      await hub.tasks.create.mutate({ workstreamId: looped.id, title: `task ${status}`, status });
    }
    clock.advanceDays(15);
    await hub.maintenance.flagStaleTasks.mutate({});

    const log = await eventLog();
    const about = (subject: Subject, id: string) =>
      log.filter((envelope) => envelope.type === subject && envelope.subject === id);
    const db = server.database.db;

    const allRepos = await db.select().from(repos);
    expect(allRepos).toHaveLength(3);
    for (const repo of allRepos) expect(about("org.statehub.repo.registered", repo.id)).toHaveLength(1);

    const completed = (await db.select().from(workstreams)).filter((ws) => ws.status === "completed");
    expect(completed).toHaveLength(4);
    for (const ws of completed) {
      expect(about("org.statehub.workstream.completed", ws.id).length, ws.title).toBeGreaterThan(0);
    }
    expect(about("org.statehub.workstream.completed", synced.id)).toMatchObject([
      { data: { key: "PATHS-WP-1", repo: "paths/one", previousStatus: "planned" } },
    ]);
    expect(about("org.statehub.workstream.completed", syncedByFile ?? "")).toMatchObject([
      { data: { key: "PATHS-WP-2", repo: "paths/plans", previousStatus: "planned" } },
    ]);
    expect(about("org.statehub.workstream.completed", looped.id)).toHaveLength(2);

    const resolved = (await db.select().from(decisions)).filter((d) => d.status === "resolved");
    expect(resolved).toHaveLength(1);
    for (const d of resolved) expect(about("org.statehub.decision.resolved", d.id)).toHaveLength(1);

    // achieved is reached only through active, so it carries its activation too.
    const wentActive = (await db.select().from(domainGoals)).filter((g) =>
      ["active", "achieved"].includes(g.status),
    );
    expect(wentActive).toHaveLength(2);
    for (const goal of wentActive)
      expect(about("org.statehub.domain.goal.activated", goal.id)).toHaveLength(1);
    expect(about("org.statehub.domain.goal.activated", abandoned.id)).toHaveLength(0);

    const stale = await db.select().from(tasks).where(isNotNull(tasks.staleFlaggedAt));
    expect(stale.length).toBeGreaterThan(0);
    for (const task of stale) expect(about("org.statehub.task.stale", task.id)).toHaveLength(1);
  });
});
