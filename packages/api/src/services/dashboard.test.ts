import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotFoundError } from "../domain/errors.js";
import { databaseTargets, type TestDatabase } from "../testing/databases.js";
import { type ServiceFixture, serviceFixture } from "../testing/services.js";

// The dashboard's counts are over the whole hub: each target gets a database of its own.
describe.each(databaseTargets())("dashboard summaries on $name", ({ open }) => {
  let testDb: TestDatabase;
  let f: ServiceFixture;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    testDb = await open();
    f = serviceFixture(testDb.database);
    const { services, origin, clock } = f;
    await services.domains.upsert({ slug: "payments", name: "Payments" });
    await services.domains.upsert({ slug: "platform", name: "Platform" });
    await services.domains.upsert({ slug: "empty", name: "Nothing yet" });
    await services.repos.register({ name: "acme/ledger", domain: "payments" }, origin);

    const create = async (key: string, domain: string, status?: "active" | "planned") =>
      (ids[key] = (
        await services.workstreams.create({ key, title: `WS ${key}`, domain, status }, origin)
      ).id);
    await create("PAY-1", "payments", "active");
    await create("PAY-2", "payments", "active");
    await create("PAY-3", "payments", "planned");
    await create("PLT-1", "platform", "active");
    await create("PLT-2", "platform", "planned");
    await services.workstreams.update({ id: ids["PAY-3"]!, repo: "acme/ledger" }, origin);

    // Blocked at different times: PLT-2 first, then PAY-3, then PAY-2.
    await services.workstreams.update({ id: ids["PLT-2"]!, status: "blocked" }, origin);
    clock.advanceDays(1);
    await services.workstreams.update({ id: ids["PAY-3"]!, status: "blocked" }, origin);
    clock.advanceDays(1);
    await services.workstreams.update({ id: ids["PAY-2"]!, status: "blocked" }, origin);
    await services.workstreams.update({ id: ids["PLT-1"]!, status: "completed" }, origin);

    for (const [key, status] of [
      ["T1", "todo"],
      ["T2", "todo"],
      ["T3", "in_progress"],
      ["T4", "done"],
    ] as const) {
      await services.tasks.create({ workstreamId: ids["PAY-1"]!, key, title: `Task ${key}`, status }, origin);
    }
    await services.tasks.create({ workstreamId: ids["PLT-1"]!, key: "T9", title: "Elsewhere" }, origin);
    clock.advanceDays(30);
    await services.staleTasks.flag(origin, { thresholdDays: 14 });

    await services.decisions.create({ title: "Open one", domain: "payments" }, origin);
    await services.decisions.create({ title: "Open two" }, origin);
    const done = await services.decisions.create({ title: "Decided" }, origin);
    await services.decisions.resolve({ id: done.id, resolution: "yes" }, origin);
  });
  afterAll(() => testDb?.cleanup());

  it("counts workstreams by status overall and per domain, lists the blocked longest first", async () => {
    const overview = await f.services.dashboard.overview();
    expect(overview.workstreams).toEqual({ planned: 0, active: 1, blocked: 3, completed: 1, cancelled: 0 });
    expect(overview.workstreamsByDomain).toEqual([
      { domain: "payments", byStatus: { planned: 0, active: 1, blocked: 2, completed: 0, cancelled: 0 } },
      { domain: "platform", byStatus: { planned: 0, active: 0, blocked: 1, completed: 1, cancelled: 0 } },
    ]);
    expect(overview.blocked.total).toBe(3);
    expect(overview.blocked.longestFirst.map((w) => [w.key, w.blockedSince])).toEqual([
      ["PLT-2", "2026-03-01T09:00:00.000Z"],
      ["PAY-3", "2026-03-02T09:00:00.000Z"],
      ["PAY-2", "2026-03-03T09:00:00.000Z"],
    ]);
    expect(overview.blocked.longestFirst[1]).toEqual({
      id: ids["PAY-3"],
      key: "PAY-3",
      title: "WS PAY-3",
      domain: "payments",
      repo: "acme/ledger",
      blockedSince: "2026-03-02T09:00:00.000Z",
    });
    // Open tasks untouched for 30 days: T1, T2, T3 and T9 (T4 is done).
    expect(overview.staleTasks).toBe(4);
    expect(overview.openDecisions).toBe(2);
  });

  it("shows only the first blocked workstreams asked for, and still counts them all", async () => {
    const overview = await f.services.dashboard.overview({ blockedLimit: 1 });
    expect(overview.blocked.total).toBe(3);
    expect(overview.blocked.longestFirst.map((w) => w.key)).toEqual(["PLT-2"]);
  });

  it("summarises a domain (also one without workstreams) and refuses an unknown one", async () => {
    const payments = await f.services.dashboard.domain("payments");
    expect(payments.domain).toMatchObject({ slug: "payments", name: "Payments" });
    expect(payments.workstreams).toEqual({ planned: 0, active: 1, blocked: 2, completed: 0, cancelled: 0 });
    expect((await f.services.dashboard.domain("empty")).workstreams).toEqual({
      planned: 0,
      active: 0,
      blocked: 0,
      completed: 0,
      cancelled: 0,
    });
    await expect(f.services.dashboard.domain("nope")).rejects.toThrow(NotFoundError);
  });

  it("counts a workstream's tasks by status and refuses an unknown workstream", async () => {
    expect((await f.services.dashboard.workstream(ids["PAY-1"]!)).tasks).toEqual({
      todo: 2,
      in_progress: 1,
      blocked: 0,
      done: 1,
      cancelled: 0,
    });
    await expect(f.services.dashboard.workstream("01936f6e-0000-7000-8000-000000000000")).rejects.toThrow(
      NotFoundError,
    );
  });
});
