import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, InvalidInputError, NotFoundError } from "../domain/errors.js";
import { databaseTargets, type TestDatabase } from "../testing/databases.js";
import { type ServiceFixture, serviceFixture, unique } from "../testing/services.js";

describe.each(databaseTargets())("decisions and domain goals on $name", ({ open }) => {
  let testDb: TestDatabase;
  let f: ServiceFixture;
  let domain: string;

  beforeAll(async () => {
    testDb = await open();
    f = serviceFixture(testDb.database);
    domain = unique("arch");
    await f.services.domains.upsert({ slug: domain, name: "Architecture" });
  });
  afterAll(() => testDb.cleanup());

  const eventsOf = async (subject: string, entityId: string) =>
    (await f.outbox()).filter(
      (row) => row.subject === subject && (row.envelope as { subject: string }).subject === entityId,
    );

  it("resolves an open decision once, recording decision.resolved; a repeat is idempotent", async () => {
    const decision = await f.services.decisions.create(
      { title: "Use NATS", context: "events", domain },
      f.origin,
    );
    expect(decision).toMatchObject({ status: "open", domain, resolution: null, resolvedAt: null });
    f.clock.advanceDays(1);
    const resolved = await f.services.decisions.resolve(
      { id: decision.id, resolution: "Yes, JetStream" },
      f.origin,
    );
    expect(resolved).toMatchObject({
      status: "resolved",
      resolution: "Yes, JetStream",
      resolvedBy: "tester", // the caller, when resolvedBy is not given
      resolvedAt: f.clock.now().toISOString(),
    });
    const again = await f.services.decisions.resolve(
      { id: decision.id, resolution: "Changed my mind" },
      f.origin,
    );
    expect(again).toEqual(resolved);
    const events = await eventsOf("org.statehub.decision.resolved", decision.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.envelope).toMatchObject({
      data: { decisionId: decision.id, resolution: "Yes, JetStream", resolvedBy: "tester", domain },
    });
  });

  it("creates decisions without a domain; refuses unknown domains and ids", async () => {
    const d = await f.services.decisions.create({ title: "Floating" }, f.origin);
    expect(d.domain).toBeNull();
    await expect(f.services.decisions.create({ title: "x", domain: "nope" }, f.origin)).rejects.toThrow(
      InvalidInputError,
    );
    await expect(
      f.services.decisions.resolve({ id: "01900000-0000-7000-8000-000000000000", resolution: "r" }, f.origin),
    ).rejects.toThrow(NotFoundError);
    const listed = await f.services.decisions.list({ status: "open" });
    expect(listed.items.map((item) => item.id)).toContain(d.id);
    expect((await f.services.decisions.list({ domain })).items.every((item) => item.domain === domain)).toBe(
      true,
    );
  });

  it("walks a goal through its lifecycle, publishing domain.goal.activated on activation only", async () => {
    const goal = await f.services.domainGoals.create(
      { domain, title: "Event-driven", description: "d" },
      f.origin,
    );
    expect(goal.status).toBe("proposed");
    const active = await f.services.domainGoals.activate(goal.id, f.origin);
    expect(active.status).toBe("active");
    expect(await f.services.domainGoals.activate(goal.id, f.origin)).toEqual(active); // idempotent
    const events = await eventsOf("org.statehub.domain.goal.activated", goal.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.envelope).toMatchObject({
      data: { goalId: goal.id, domain, title: "Event-driven", previousStatus: "proposed" },
    });

    const achieved = await f.services.domainGoals.achieve(goal.id, f.origin);
    expect(achieved.status).toBe("achieved");
    const error = await f.services.domainGoals.abandon(goal.id, f.origin).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).currentState).toBe("achieved");
    expect(await f.services.domainGoals.get(goal.id)).toEqual(achieved);
  });

  it("abandons a proposed goal; an abandoned goal cannot be activated", async () => {
    const goal = await f.services.domainGoals.create({ domain, title: "Maybe" }, f.origin);
    await f.services.domainGoals.abandon(goal.id, f.origin);
    await expect(f.services.domainGoals.activate(goal.id, f.origin)).rejects.toThrow(/is abandoned/);
    expect(await eventsOf("org.statehub.domain.goal.activated", goal.id)).toHaveLength(0);
    const listed = await f.services.domainGoals.list({ domain, status: "abandoned" });
    expect(listed.items.map((g) => g.id)).toEqual([goal.id]);
    await expect(f.services.domainGoals.get("01900000-0000-7000-8000-000000000000")).rejects.toThrow(
      NotFoundError,
    );
  });
});
