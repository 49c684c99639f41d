import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, waitForPort } from "./free-port.js";
import { requireService } from "./require-service.js";

/** The nats-server binary: NATS_SERVER_BIN, or the one on PATH; undefined when there is none. */
export function natsServerBinary(): string | undefined {
  const configured = process.env.NATS_SERVER_BIN;
  const candidates = configured
    ? [configured]
    : ["nats-server", "/usr/sbin/nats-server", "/usr/local/bin/nats-server"];
  for (const candidate of candidates) {
    try {
      execFileSync(candidate, ["--version"], { stdio: "ignore" });
      return candidate;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

/** True when suites that start their own nats-server can run (see requireService). */
export function natsServerAvailable(): boolean {
  return requireService(
    "nats-server",
    natsServerBinary() !== undefined,
    "no nats-server binary on PATH and NATS_SERVER_BIN is unset (Debian: apt-get install nats-server)",
  );
}

/** Server settings a test may change; each start (and restart) writes them to a config file. */
export interface TestNatsOptions {
  /**
   * Largest message the server accepts, in bytes (`max_payload`; nats-server 2.9 has no
   * command-line flag for it). Default: the server's own (1 MB).
   */
  maxPayload?: number;
}

/**
 * A nats-server with JetStream that belongs to one test: its own free port and a temporary
 * store directory, so the test may stop, kill and restart it without touching shared services.
 * Restarts keep the port and the store, as a real restart would.
 */
export class TestNatsServer {
  readonly port: number;
  readonly storeDir: string;
  private readonly bin: string;
  private readonly configFile: string;
  private options: TestNatsOptions;
  private child: ChildProcess | undefined;

  private constructor(bin: string, port: number, storeDir: string, options: TestNatsOptions) {
    this.bin = bin;
    this.port = port;
    this.storeDir = storeDir;
    this.configFile = join(storeDir, "server.conf");
    this.options = options;
  }

  static async start(options: TestNatsOptions = {}): Promise<TestNatsServer> {
    const bin = natsServerBinary();
    if (!bin) throw new Error("nats-server binary not found (set NATS_SERVER_BIN)");
    const server = new TestNatsServer(
      bin,
      await freePort(),
      mkdtempSync(join(tmpdir(), "statehub-nats-")),
      options,
    );
    await server.restart();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /**
   * Starts the server (again) on the same port and store; resolves when it accepts connections.
   * `options` replace the settings for this and later starts (e.g. a larger `maxPayload`).
   */
  async restart(options?: TestNatsOptions): Promise<void> {
    if (this.child) return;
    if (options) this.options = options;
    writeFileSync(this.configFile, configText(this.options));
    const args = [
      "-c",
      this.configFile,
      "-a",
      "127.0.0.1",
      "-p",
      String(this.port),
      "-js",
      "-sd",
      this.storeDir,
    ];
    const child = spawn(this.bin, args, { stdio: "ignore" });
    this.child = child;
    child.once("exit", () => {
      if (this.child === child) this.child = undefined;
    });
    await waitForPort(this.port);
  }

  /** Stops the server: SIGTERM (graceful) or SIGKILL (crash). Resolves when the process is gone. */
  async stop(signal: "SIGTERM" | "SIGKILL" = "SIGTERM"): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill(signal);
    await exited;
    this.child = undefined;
  }

  /**
   * Freezes the server (SIGSTOP): connections stay open but nothing is answered, so publishes
   * are sent and never acknowledged, as with a hung or overloaded server. `resume` thaws it.
   */
  pause(): void {
    this.child?.kill("SIGSTOP");
  }

  resume(): void {
    this.child?.kill("SIGCONT");
  }

  async dispose(): Promise<void> {
    this.resume();
    await this.stop("SIGKILL");
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}

function configText(options: TestNatsOptions): string {
  const lines = ["# written by @statehub/testing's TestNatsServer for one test"];
  if (options.maxPayload !== undefined) lines.push(`max_payload: ${options.maxPayload}`);
  return `${lines.join("\n")}\n`;
}
