// postgres.js is patched (patches/postgres@3.4.9.patch) to send a transaction's BEGIN and its
// first statement together instead of waiting for BEGIN's answer: one round trip less for every
// write of the API and every relay claim. These tests stand a proxy between the client and
// Postgres that can hold back the server's answers until the client has sent a given number of
// queries: an unpipelined BEGIN would wait for its answer forever.
import { AnswerGateProxy, createFreshDatabase, type FreshDatabase, within } from "@statehub/testing";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./database.js";
import { openPostgres } from "./open-postgres.js";
import { domains } from "./schema/index.js";

if (!process.env.DATABASE_URL) {
  console.warn("SKIPPED: the pipelined BEGIN tests need Postgres (DATABASE_URL is unset)");
  if (process.env.CI === "true") throw new Error("DATABASE_URL must be set under CI=true");
}

describe.runIf(process.env.DATABASE_URL !== undefined)(
  "a transaction's BEGIN, pipelined (postgres.js patch)",
  () => {
    let fresh: FreshDatabase;
    let proxy: AnswerGateProxy;
    let database: Database;

    beforeAll(async () => {
      fresh = await createFreshDatabase();
      const url = new URL(fresh.url);
      proxy = await AnswerGateProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
      url.host = `127.0.0.1:${proxy.port}`;
      // One connection: every transaction below queues behind the one before it.
      database = await openPostgres({ url: url.toString(), max: 1, connectTimeoutSeconds: 2 });
      await database.migrate();
    });
    afterEach(() => proxy.releaseAll());
    afterAll(async () => {
      await database?.close();
      await proxy?.close();
      await fresh?.drop();
    });

    it("sends the first statement before BEGIN is answered", async () => {
      await database.ping(); // the connection is open: no start-up traffic below
      // Answers flow only once BEGIN and the select were both sent.
      proxy.holdUntilQueries(2);
      const answered = await within(
        database.db.transaction(async (tx) => tx.execute(sql`select 41 + 1 as answer`)),
        5_000,
      );
      expect(answered).not.toBe("hung");
      expect(answered).toEqual([{ answer: 42 }]);
    });

    it("still runs the statements inside the transaction: a failure rolls back what came before", async () => {
      await expect(
        database.db.transaction(async (tx) => {
          await tx.insert(domains).values({ slug: "rolled-back", name: "Rolled back" });
          await tx.execute(sql`select 1 / 0`);
        }),
      ).rejects.toThrow(/select 1 \/ 0/);
      const rows = await database.db.select().from(domains);
      expect(rows.map((row) => row.slug)).not.toContain("rolled-back");
    });

    it("queues concurrent transactions on one connection, each committing its own rows", async () => {
      const slugs = Array.from({ length: 8 }, (_, i) => `queued-${i}`);
      const seen = await Promise.all(
        slugs.map((slug) =>
          database.db.transaction(async (tx) => {
            await tx.insert(domains).values({ slug, name: slug });
            const [row] = await tx
              .select({ count: sql<number>`count(*)::int` })
              .from(domains)
              .where(sql`${domains.slug} = ${slug}`);
            return row?.count;
          }),
        ),
      );
      expect(seen).toEqual(slugs.map(() => 1));
      const stored = (await database.db.select().from(domains)).map((row) => row.slug);
      expect(stored).toEqual(expect.arrayContaining(slugs));
    });

    it("fails the transaction, committing nothing, when the connection is lost before BEGIN is answered", async () => {
      await database.ping();
      proxy.holdUntilQueries(1_000); // nothing is answered
      const write = database.db.transaction(async (tx) => {
        await tx.insert(domains).values({ slug: "lost", name: "Lost" });
      });
      // The insert reached the server right behind BEGIN; then the link goes.
      await new Promise((resolve) => setTimeout(resolve, 200));
      proxy.cutAll();
      await expect(write).rejects.toThrow();
      const rows = await database.db.select().from(domains);
      expect(rows.map((row) => row.slug)).not.toContain("lost");
    });
  },
);
