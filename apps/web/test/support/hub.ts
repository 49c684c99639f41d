import { fileURLToPath } from "node:url";
import type { Clock } from "@statehub/api";
import { createStateHubClient, type StateHubClient } from "@statehub/client";
import { type App, loadConfig, startApp } from "@statehub/server";

/** The dashboard's build the hub serves in these tests (turbo builds it before `test`). */
export const WEB_DIST = fileURLToPath(new URL("../../dist", import.meta.url));

/**
 * The hub's clock, shifted into the past while seeding, so that "blocked since", "last updated"
 * and the stale check have days to show; back to the present before the page looks.
 */
export class ShiftedClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() - this.offsetMs);
  }
  daysAgo(days: number): void {
    this.offsetMs = days * 86_400_000;
  }
}

export interface HubOptions {
  databaseUrl: string;
  natsUrl?: string;
  /** `name:token:scope` entries; none: auth off. */
  tokens?: string;
  /** A fixed port (to restart a hub where a page already points); 0 picks one. */
  port?: number;
  clock?: Clock;
}

export interface Hub {
  app: App;
  url: string;
  port: number;
  client(token?: string): StateHubClient;
  close(): Promise<void>;
}

/** The real hub, in this process, serving the real dashboard build. */
export async function startHub(options: HubOptions): Promise<Hub> {
  const config = loadConfig({
    DATABASE_URL: options.databaseUrl,
    HOST: "127.0.0.1",
    PORT: String(options.port ?? 0),
    LOG_LEVEL: "warn",
    STATEHUB_WEB_DIR: WEB_DIST,
    NATS_STREAM: "STATEHUB",
    ...(options.natsUrl ? { NATS_URL: options.natsUrl } : {}),
    ...(options.tokens ? { STATEHUB_API_TOKENS: options.tokens } : {}),
  });
  const app = await startApp({
    config,
    shutdownGraceMs: 1_000,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const url = app.url;
  if (!url) throw new Error("the hub did not report its URL");
  return {
    app,
    url,
    port: Number(new URL(url).port),
    client: (token) => createStateHubClient({ url, ...(token === undefined ? {} : { token }) }),
    close: () => app.close(),
  };
}
