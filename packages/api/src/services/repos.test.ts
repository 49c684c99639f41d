import { eventOutbox, repos } from "@statehub/db";
import { parseEnvelope } from "@statehub/events";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, InvalidInputError, NotFoundError } from "../domain/errors.js";
import { databaseTargets, type TestDatabase } from "../testing/databases.js";
import { type ServiceFixture, serviceFixture, unique } from "../testing/services.js";

describe.each(databaseTargets())("repos service on $name", ({ open }) => {
  let testDb: TestDatabase;
  let f: ServiceFixture;
  let domain: string;

  beforeAll(async () => {
    testDb = await open();
    f = serviceFixture(testDb.database);
    domain = unique("platform");
    await f.services.domains.upsert({ slug: domain, name: "Platform" });
  });
  afterAll(() => testDb.cleanup());

  const eventsFor = async (repoId: string) =>
    (await f.outbox()).filter(
      (row) =>
        row.subject === "org.statehub.repo.registered" &&
        (row.envelope as { subject: string }).subject === repoId,
    );

  it("registers a repo and records repo.registered in the outbox", async () => {
    const name = unique("acme/api");
    const commitsBefore = f.commits.count;
    const repo = await f.services.repos.register({ name, domain, url: "https://git.example/api" }, f.origin);
    expect(repo).toMatchObject({ name, domain, url: "https://git.example/api", defaultBranch: "main" });
    expect(repo.createdAt).toBe("2026-03-01T09:00:00.000Z");
    const events = await eventsFor(repo.id);
    expect(events).toHaveLength(1);
    const parsed = parseEnvelope(events[0]!.envelope);
    expect(parsed.ok).toBe(true);
    expect(events[0]!.envelope).toMatchObject({
      type: "org.statehub.repo.registered",
      subject: repo.id,
      source: "/statehub-test",
      actor: "tester",
      time: "2026-03-01T09:00:00.000Z",
      data: { repoId: repo.id, name, domain, url: "https://git.example/api" },
    });
    expect(f.commits.count).toBe(commitsBefore + 1);
  });

  it("returns the existing repo for the same details and records nothing more", async () => {
    const name = unique("acme/web");
    const first = await f.services.repos.register({ name, domain }, f.origin);
    f.clock.advanceDays(1);
    const commitsBefore = f.commits.count;
    const again = await f.services.repos.register({ name, domain }, f.origin);
    const withSameDetails = await f.services.repos.register(
      { name, domain, defaultBranch: "main" },
      f.origin,
    );
    expect(again).toEqual(first);
    expect(withSameDetails).toEqual(first);
    expect(await eventsFor(first.id)).toHaveLength(1);
    expect(f.commits.count).toBe(commitsBefore);
  });

  it("refuses a re-registration with different details (CONFLICT) and changes nothing", async () => {
    const name = unique("acme/cli");
    const first = await f.services.repos.register({ name, domain, url: "https://a.example" }, f.origin);
    const other = unique("other");
    await f.services.domains.upsert({ slug: other, name: "Other" });
    await expect(f.services.repos.register({ name, domain: other }, f.origin)).rejects.toThrow(ConflictError);
    await expect(
      f.services.repos.register({ name, domain, url: "https://b.example" }, f.origin),
    ).rejects.toThrow(/url is "https:\/\/a.example"/);
    expect(await f.services.repos.get({ name })).toEqual(first);
    expect(await eventsFor(first.id)).toHaveLength(1);
  });

  it("refuses an unknown domain, naming the field", async () => {
    const error = await f.services.repos
      .register({ name: unique("x/y"), domain: "no-such-domain" }, f.origin)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).fieldErrors).toHaveProperty("domain");
  });

  it("gets by id and by name; unknown is NOT_FOUND", async () => {
    const repo = await f.services.repos.register({ name: unique("acme/get"), domain }, f.origin);
    expect(await f.services.repos.get({ id: repo.id })).toEqual(repo);
    expect(await f.services.repos.get({ name: repo.name })).toEqual(repo);
    await expect(f.services.repos.get({ name: "missing/repo" })).rejects.toThrow(NotFoundError);
  });

  it("leaves neither repo nor event when the transaction fails after the event was recorded", async () => {
    // A trigger that fails the outbox insert for one repo name: the failure happens inside
    // the service's transaction, after recordEvent, like any late failure would.
    const doomed = unique("doomed/repo");
    await testDb.database.db.execute(
      sql.raw(`CREATE FUNCTION fail_doomed() RETURNS trigger AS $$ BEGIN
         IF NEW.envelope->'data'->>'name' = '${doomed}' THEN RAISE EXCEPTION 'injected failure'; END IF;
         RETURN NEW; END; $$ LANGUAGE plpgsql`),
    );
    await testDb.database.db.execute(
      sql.raw(
        "CREATE TRIGGER fail_doomed AFTER INSERT ON event_outbox FOR EACH ROW EXECUTE FUNCTION fail_doomed()",
      ),
    );
    try {
      const before = (await f.outbox()).length;
      const commitsBefore = f.commits.count;
      await expect(f.services.repos.register({ name: doomed, domain }, f.origin)).rejects.toThrow();
      expect(await testDb.database.db.select().from(repos).where(eq(repos.name, doomed))).toEqual([]);
      expect(await f.outbox()).toHaveLength(before);
      expect(f.commits.count).toBe(commitsBefore);
    } finally {
      await testDb.database.db.execute(sql.raw("DROP TRIGGER fail_doomed ON event_outbox"));
      await testDb.database.db.execute(sql.raw("DROP FUNCTION fail_doomed()"));
    }
  });

  it("pages with an opaque cursor: complete, in creation order, stable", async () => {
    const pagedDomain = unique("paged");
    await f.services.domains.upsert({ slug: pagedDomain, name: "Paged" });
    const created: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      created.push(
        (await f.services.repos.register({ name: unique("paged/repo"), domain: pagedDomain }, f.origin)).id,
      );
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await f.services.repos.list({ domain: pagedDomain, limit: 3, cursor });
      seen.push(...page.items.map((repo) => repo.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor !== undefined);
    expect(seen).toEqual(created);
    expect(pages).toBe(3);
    const again = await f.services.repos.list({ domain: pagedDomain, limit: 3 });
    expect(again.items.map((r) => r.id)).toEqual(created.slice(0, 3));
    const all = await f.services.repos.list({ domain: pagedDomain });
    expect(all.nextCursor).toBeNull();
    expect(all.items).toHaveLength(7);
  });

  it("refuses a malformed cursor as invalid input", async () => {
    await expect(f.services.repos.list({ cursor: "not-a-cursor" })).rejects.toThrow(InvalidInputError);
    const forged = Buffer.from("id:nope").toString("base64url");
    await expect(f.services.repos.list({ cursor: forged })).rejects.toThrow(/cursor/);
  });

  it("lists the event log in recording order, resumable after a cursor", async () => {
    const page = await f.services.events.list({ limit: 500 });
    const positions = (await f.outbox()).map((row) => row.id);
    expect(page.items.map((item) => item.envelope.id)).toEqual(positions);
    expect(page.items.every((item) => item.publishedAt === null && item.streamSequence === null)).toBe(true);
    const second = page.items[1]!;
    const after = await f.services.events.list({ after: page.items[0]!.cursor, limit: 1 });
    expect(after.items.map((item) => item.envelope.id)).toEqual([second.envelope.id]);
    const bySubject = await f.services.events.list({ subject: "org.statehub.decision.resolved" });
    expect(bySubject.items).toEqual([]);
    await expect(f.services.events.list({ after: "garbage" })).rejects.toThrow(InvalidInputError);
    expect(await testDb.database.db.$count(eventOutbox)).toBe(page.items.length);
  });
});
