import {
  openTestPostgres,
  type ServiceFixture,
  serviceFixture,
  type TestDatabase,
  unique,
} from "@statehub/api/testing";
import { decisions, eventOutbox, repos } from "@statehub/db";
import { realPostgresAvailable } from "@statehub/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROUNDS = 10;

// Races need a real server with several connections: PGlite runs one query at a time.
describe.runIf(realPostgresAvailable())("concurrent writes on real Postgres", () => {
  let testDb: TestDatabase;
  let f: ServiceFixture;
  let domain: string;

  beforeAll(async () => {
    testDb = await openTestPostgres({ pool: 8 });
    f = serviceFixture(testDb.database);
    domain = unique("race");
    await f.services.domains.upsert({ slug: domain, name: "Race" });
  });
  afterAll(() => testDb.cleanup());

  it("two concurrent decisions.resolve on one open decision: one transition, one event", async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const decision = await f.services.decisions.create({ title: `race ${round}` }, f.origin);
      const results = await Promise.all([
        f.services.decisions.resolve({ id: decision.id, resolution: "first", resolvedBy: "a" }, f.origin),
        f.services.decisions.resolve({ id: decision.id, resolution: "second", resolvedBy: "b" }, f.origin),
      ]);
      // Both callers see the same single resolution, whoever won.
      expect(results[0]).toEqual(results[1]);
      const [row] = await testDb.database.db.select().from(decisions).where(eq(decisions.id, decision.id));
      expect(row?.status).toBe("resolved");
      expect(row?.resolution).toBe(results[0].resolution);
      const events = await testDb.database.db
        .select()
        .from(eventOutbox)
        .where(eq(eventOutbox.subject, "org.statehub.decision.resolved"));
      expect(events.filter((e) => (e.envelope as { subject: string }).subject === decision.id)).toHaveLength(
        1,
      );
    }
  });

  it("two concurrent repos.register of one name: one repo, one event", async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const name = unique("race/repo");
      const results = await Promise.all([
        f.services.repos.register({ name, domain }, f.origin),
        f.services.repos.register({ name, domain }, f.origin),
      ]);
      expect(results[0]).toEqual(results[1]);
      expect(await testDb.database.db.$count(repos, eq(repos.name, name))).toBe(1);
      const events = await testDb.database.db
        .select()
        .from(eventOutbox)
        .where(eq(eventOutbox.subject, "org.statehub.repo.registered"));
      expect(
        events.filter((e) => (e.envelope as { subject: string }).subject === results[0].id),
      ).toHaveLength(1);
    }
  });

  it("two concurrent completions of one workstream: one event", async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const ws = await f.services.workstreams.create(
        { title: `ws ${round}`, domain, status: "active" },
        f.origin,
      );
      await Promise.all([
        f.services.workstreams.update({ id: ws.id, status: "completed" }, f.origin),
        f.services.workstreams.update({ id: ws.id, status: "completed" }, f.origin),
      ]);
      const events = await testDb.database.db
        .select()
        .from(eventOutbox)
        .where(eq(eventOutbox.subject, "org.statehub.workstream.completed"));
      expect(events.filter((e) => (e.envelope as { subject: string }).subject === ws.id)).toHaveLength(1);
    }
  });
});
