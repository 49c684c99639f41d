import { readFileSync } from "node:fs";
import {
  connect,
  credsAuthenticator,
  type NatsConnection,
  type NodeConnectionOptions,
} from "@nats-io/transport-node";

/** How to reach NATS. Secrets live here only; nothing in this file logs them. */
export interface NatsSettings {
  url: string;
  token?: string;
  user?: string;
  password?: string;
  /** A `.creds` file (JWT + nkey seed). */
  credsFile?: string;
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
  /** Client name shown by the server (`nats server report connections`). */
  name?: string;
  /** ms to wait for one connection attempt. */
  connectTimeoutMs?: number;
}

export type NatsState = "idle" | "connecting" | "connected" | "reconnecting" | "closed";

export function natsConnectionOptions(settings: NatsSettings): NodeConnectionOptions {
  const tls = settings.tls;
  const hasTls = Boolean(tls && (tls.caFile || tls.certFile || tls.keyFile));
  return {
    servers: settings.url.split(",").map((s) => s.trim()),
    name: settings.name ?? "statehub-relay",
    timeout: settings.connectTimeoutMs ?? 5_000,
    // After the first connection the client reconnects by itself, forever: an outage of NATS
    // must never need a restart of the hub.
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1_000,
    ...(settings.token ? { token: settings.token } : {}),
    ...(settings.user ? { user: settings.user, pass: settings.password ?? "" } : {}),
    ...(settings.credsFile
      ? { authenticator: credsAuthenticator(new Uint8Array(readFileSync(settings.credsFile))) }
      : {}),
    ...(hasTls && tls
      ? {
          tls: {
            ...(tls.caFile ? { caFile: tls.caFile } : {}),
            ...(tls.certFile ? { certFile: tls.certFile } : {}),
            ...(tls.keyFile ? { keyFile: tls.keyFile } : {}),
          },
        }
      : {}),
  };
}

/**
 * One NATS connection for the relay, made lazily (the first attempt is the caller's, so the
 * caller decides how to back off) and kept alive by the client's own reconnect afterwards.
 */
export class NatsLink {
  private current: NatsConnection | undefined;
  private currentState: NatsState = "idle";
  private readonly listeners = new Set<(state: NatsState) => void>();

  constructor(private readonly settings: NatsSettings) {}

  get state(): NatsState {
    return this.currentState;
  }

  /** The connection while it is usable (connected, not reconnecting). */
  get usable(): NatsConnection | undefined {
    return this.currentState === "connected" ? this.current : undefined;
  }

  onStateChange(listener: (state: NatsState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Connects once if not connected yet; throws when this attempt fails. */
  async ensureConnected(): Promise<NatsConnection> {
    if (this.current && !this.current.isClosed()) return this.current;
    this.setState("connecting");
    let nc: NatsConnection;
    try {
      // noAsyncTraces: the client otherwise captures a stack trace (an Error) for every request
      // it sends, each JetStream publish included, only to attach it to a failure; the relay
      // logs a failure's message and the row's id, never that stack.
      nc = await connect({ ...natsConnectionOptions(this.settings), noAsyncTraces: true });
    } catch (error) {
      this.setState("idle");
      throw error;
    }
    this.current = nc;
    this.setState("connected");
    void this.watch(nc);
    return nc;
  }

  private async watch(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (this.current !== nc) return;
      if (status.type === "disconnect" || status.type === "reconnecting") this.setState("reconnecting");
      else if (status.type === "reconnect") this.setState("connected");
      else if (status.type === "close") break;
    }
    if (this.current === nc) {
      this.current = undefined;
      this.setState("closed");
    }
  }

  private setState(state: NatsState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    for (const listener of this.listeners) listener(state);
  }

  /** Flushes what was sent and closes; bounded by `timeoutMs`. */
  async close(timeoutMs = 2_000): Promise<void> {
    const nc = this.current;
    this.current = undefined;
    this.setState("closed");
    if (!nc || nc.isClosed()) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      nc.drain().catch(() => nc.close()),
      new Promise<void>((resolve) => {
        timer = setTimeout(() => resolve(nc.close()), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }
}
