// A TCP proxy between a client and Postgres that can hold back the server's answers until the
// client has sent a given number of queries: a test of pipelining (statements sent before the
// ones ahead of them are answered) hangs without it instead of passing slowly.
import { connect, createServer, type Server, type Socket } from "node:net";

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
export class AnswerGateProxy {
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
export function within<T>(promise: Promise<T>, ms: number): Promise<T | "hung"> {
  return Promise.race([promise, new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), ms))]);
}
