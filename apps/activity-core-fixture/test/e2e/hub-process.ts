import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createStateHubClient, type StateHubClient } from "@statehub/client";
import { freePort } from "@statehub/testing";

/**
 * The hub's built CLI, found through the workspace dependency rather than a relative path, so
 * the suite follows the package wherever pnpm links it. Resolving fails when the server is not
 * built: turbo builds it first (it is a devDependency of this package).
 */
export function hubCliPath(): string {
  const entry = createRequire(import.meta.url).resolve("@statehub/server");
  return join(dirname(entry), "cli.js");
}

export interface HubProcess {
  url: string;
  /** The write-scoped token the test and the fixture's cron context use. */
  token: string;
  client: StateHubClient;
  /** What the process wrote so far (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGTERM (graceful shutdown), SIGKILL when it has not exited after a few seconds. */
  stop(): Promise<void>;
}

export interface HubProcessOptions {
  databaseUrl: string;
  natsUrl: string;
  stream?: string;
}

// A fresh hub migrates before it is ready: seconds alone, much more while CI runs every suite at once.
const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 5_000;

/** Starts `statehub serve` as an operator would, and resolves once /readyz says it is ready. */
export async function startHubProcess(options: HubProcessOptions): Promise<HubProcess> {
  const port = await freePort();
  const token = randomBytes(24).toString("hex");
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [hubCliPath(), "serve"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: options.databaseUrl,
      NATS_URL: options.natsUrl,
      NATS_STREAM: options.stream ?? "STATEHUB",
      HOST: "127.0.0.1",
      PORT: String(port),
      STATEHUB_API_TOKENS: `e2e-writer:${token}:write`,
      LOG_LEVEL: "warn",
    },
  });
  const chunks: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
  const output = () => chunks.join("");

  try {
    await waitUntilReady(url, child, output);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return {
    url,
    token,
    client: createStateHubClient({ url, token }),
    output,
    stop: () => stopChild(child),
  };
}

/** Ready means the database answers and the relay is connected to NATS (so events flow). */
async function waitUntilReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the hub exited with code ${child.exitCode} before it was ready:\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      const body = await response.text();
      last = `${response.status} ${body}`;
      if (response.ok && relayConnected(body)) return;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the hub was not ready after ${READY_TIMEOUT_MS} ms (last /readyz: ${last}):\n${output()}`);
}

function relayConnected(body: string): boolean {
  const readiness = JSON.parse(body) as { checks?: { nats?: { nats?: string } } };
  return readiness.checks?.nats?.nats === "connected";
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
