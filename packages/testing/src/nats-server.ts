import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitForPort } from "./free-port.js";
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
 * A nats-server with JetStream that belongs to one test: its own port and a temporary store
 * directory, so the test may stop, kill and restart it without touching shared services.
 * Restarts keep the port and the store, as a real restart would.
 *
 * The first start lets the server pick its port and report it in a ports file: a port chosen
 * beforehand ("free a moment ago") can be taken by a parallel suite's server in between, and
 * then this one exits at once while the other answers on its port.
 */
export class TestNatsServer {
  private assignedPort: number | undefined;
  readonly storeDir: string;
  private readonly bin: string;
  private readonly configFile: string;
  private options: TestNatsOptions;
  private child: ChildProcess | undefined;

  private constructor(bin: string, storeDir: string, options: TestNatsOptions) {
    this.bin = bin;
    this.storeDir = storeDir;
    this.configFile = join(storeDir, "server.conf");
    this.options = options;
  }

  static async start(options: TestNatsOptions = {}): Promise<TestNatsServer> {
    const bin = natsServerBinary();
    if (!bin) throw new Error("nats-server binary not found (set NATS_SERVER_BIN)");
    const server = new TestNatsServer(bin, mkdtempSync(join(tmpdir(), "statehub-nats-")), options);
    await server.restart();
    return server;
  }

  get port(): number {
    if (this.assignedPort === undefined) throw new Error("TestNatsServer has not started yet");
    return this.assignedPort;
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
      String(this.assignedPort ?? -1),
      "--ports_file_dir",
      this.storeDir,
      "-js",
      "-sd",
      this.storeDir,
    ];
    const child = spawn(this.bin, args, { stdio: "ignore" });
    this.child = child;
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    void exited.then(() => {
      if (this.child === child) this.child = undefined;
    });
    const listening = await Promise.race([
      portsFileOf(this.storeDir, child.pid ?? -1).then((port) => ({ port })),
      exited.then((code) => ({ exitCode: code })),
    ]);
    if (!("port" in listening)) {
      const where = this.assignedPort === undefined ? "" : ` on port ${this.assignedPort} (taken meanwhile?)`;
      throw new Error(`nats-server exited (code ${listening.exitCode}) before listening${where}`);
    }
    const port = listening.port;
    this.assignedPort = port;
    await waitForPort(port);
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
  async pause(): Promise<void> {
    const pid = this.child?.pid;
    if (!this.child || pid === undefined) return;
    this.child.kill("SIGSTOP");
    // kill() returns before every thread has stopped; a client connecting in between could still
    // be answered. Wait until the kernel reports each of the server's threads stopped.
    await untilStopped(pid);
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

/** The client port from the ports file the server with `pid` writes once it listens. */
async function portsFileOf(dir: string, pid: number, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const suffix = `_${pid}.ports`;
  for (;;) {
    const name = readdirSync(dir).find((file) => file.endsWith(suffix));
    if (name) {
      try {
        const ports = JSON.parse(readFileSync(join(dir, name), "utf8")) as { nats?: string[] };
        const url = ports.nats?.[0];
        if (url) return Number(new URL(url).port);
      } catch {
        // written but not complete yet: read it again
      }
    }
    if (Date.now() > deadline)
      throw new Error(`nats-server (pid ${pid}) wrote no ports file in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves once every thread of `pid` is stopped (Linux /proc; elsewhere after a short wait). */
async function untilStopped(pid: number, timeoutMs = 5_000): Promise<void> {
  const tasks = `/proc/${pid}/task`;
  if (!existsSync(tasks)) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return;
  }
  const deadline = Date.now() + timeoutMs;
  const stopped = (tid: string) => {
    try {
      // The state is the field after the parenthesised command name: T (stopped) or t (traced).
      const stat = readFileSync(`${tasks}/${tid}/stat`, "utf8");
      return /^[Tt]$/.test(stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3));
    } catch {
      return true; // the thread is gone
    }
  };
  while (!readdirSync(tasks).every(stopped)) {
    if (Date.now() > deadline)
      throw new Error(`nats-server (pid ${pid}) did not stop within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
