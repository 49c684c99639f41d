// postgres.js is patched (patches/postgres@3.4.9.patch) to send a transaction's BEGIN and its
// first statement together instead of waiting for BEGIN's answer: one round trip less for every
// write of the API and every relay claim. These tests stand a proxy between the client and
// Postgres that can hold back the server's answers until the client has sent a given number of
// queries: an unpipelined BEGIN would wait for its answer forever.
import { connect, createServer, type Server, type Socket } from "node:net";
import { createFreshDatabase, type FreshDatabase } from "@statehub/testing";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./database.js";
import { openPostgres } from "./open-postgres.js";
import { domains } from "./schema/index.js";

// Each query the client sends ends with one of these: Sync ('S') after an extended-protocol
// query, or is a simple Query ('Q') message (postgres.js sends statements without parameters so).
const QUERY_ENDS = new Set([0x53, 0x51]);

/** Client → server bytes after the startup message: [type byte][int32 length incl. itself][body]. */
class ClientMessages {
  private pending = Buffer.alloc(0);
  private startupDone = false;

  /** Feeds bytes; returns how many queries they completed. */
  queriesIn(chunk: Buffer): number {
    this.pending = Buffer.concat([this.pending, chunk]);
    let queries = 0;
    for (;;) {
      if (!this.startupDone) {
        if (this.pending.length < 4) return queries;
        const length = this.pending.readInt32BE(0);
        if (this.pending.length < length) return queries;
        this.pending = this.pending.subarray(length);
        this.startupDone = true;
        continue;
      }
      if (this.pending.length < 5) return queries;
      const length = this.pending.readInt32BE(1);
      if (this.pending.length < 1 + length) return queries;
      if (QUERY_ENDS.has(this.pending[0] ?? 0)) queries += 1;
      this.pending = this.pending.subarray(1 + length);
    }
  }
}

/** A TCP proxy to Postgres whose server → client direction can be held (see `holdUntilQueries`). */
class AnswerGateProxy {
  private held: { client: Socket; data: Buffer }[] = [];
  private queriesWanted = 0;
  private queriesSeen = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<AnswerGateProxy> {
    let proxy: AnswerGateProxy | undefined;
    const server = createServer((client) => proxy?.connect(client, target));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("proxy has no port");
    proxy = new AnswerGateProxy(server, address.port);
    return proxy;
  }

  private connect(client: Socket, target: { host: string; port: number }): void {
    const upstream = connect(target.port, target.host);
    const messages = new ClientMessages();
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on("data", (chunk: Buffer) => {
      upstream.write(chunk);
      const queries = messages.queriesIn(chunk); // always parsed, to stay in step with the stream
      if (this.queriesWanted === 0) return;
      this.queriesSeen += queries;
      if (this.queriesSeen >= this.queriesWanted) this.release();
    });
    upstream.on("data", (data: Buffer) => {
      if (this.queriesWanted > 0) this.held.push({ client, data });
      else client.write(data);
    });
  }

  /** Holds every answer until the clients have sent `count` more queries. */
  holdUntilQueries(count: number): void {
    this.queriesWanted = count;
    this.queriesSeen = 0;
  }

  /** Stops holding answers and sends on what was held. */
  releaseAll(): void {
    this.release();
  }

  private release(): void {
    this.queriesWanted = 0;
    for (const { client, data } of this.held.splice(0)) client.write(data);
  }

  /** Cuts every connection, as a network failure would. */
  cutAll(): void {
    this.held = [];
    this.queriesWanted = 0;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  close(): Promise<void> {
    this.cutAll();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Settles within `ms` (a hang detector, not a speed check): "hung" otherwise. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | "hung"> {
  return Promise.race([promise, new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), ms))]);
}

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
