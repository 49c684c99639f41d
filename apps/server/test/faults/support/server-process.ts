import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { freePort, requireService } from "@statehub/testing";

/** The built CLI: these tests run the server exactly as it is deployed, as its own process. */
export const CLI_PATH = fileURLToPath(new URL("../../../dist/cli.js", import.meta.url));

/** True when the server is built (turbo's test task depends on build; locally run the build first). */
export function serverBuildAvailable(): boolean {
  return requireService(
    "built server",
    existsSync(CLI_PATH),
    `${CLI_PATH} is missing (pnpm turbo run build --filter=@statehub/server...)`,
  );
}

/** Environment for a child server: nothing inherited that could change its configuration. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "test", LOG_LEVEL: "info", ...env };
}

/**
 * `statehub serve` as a child process, with everything it writes on stdout and stderr kept, so
 * tests can kill it (SIGKILL is a crash), restart it on the same port, and search its logs.
 */
export class ServerProcess {
  readonly port: number;
  private readonly env: Record<string, string>;
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> | undefined;
  private captured = "";

  private constructor(port: number, env: Record<string, string>) {
    this.port = port;
    this.env = env;
  }

  /** Starts `serve` on a free port and waits until /readyz answers 200. */
  static async start(env: Record<string, string>, readyTimeoutMs = 30_000): Promise<ServerProcess> {
    const server = new ServerProcess(await freePort(), env);
    await server.restart(readyTimeoutMs);
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The running process's pid (undefined while stopped). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Everything the process (and its earlier runs) wrote to stdout and stderr. */
  get output(): string {
    return this.captured;
  }

  /** (Re)starts the process on the same port and environment; resolves once it is ready. */
  async restart(readyTimeoutMs = 30_000): Promise<void> {
    if (this.child) return;
    const child = spawn(process.execPath, [CLI_PATH, "serve"], {
      env: childEnv({ ...this.env, PORT: String(this.port), HOST: this.env.HOST ?? "127.0.0.1" }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    child.stdout?.on("data", (chunk: Buffer) => {
      this.captured += chunk.toString("utf8");
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      this.captured += chunk.toString("utf8");
    });
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    void this.exited.then(() => {
      if (this.child === child) this.child = undefined;
    });
    try {
      await this.waitUntilReady(readyTimeoutMs);
    } catch (error) {
      // A server that never became ready must not outlive the test that started it.
      await this.stop("SIGKILL");
      throw error;
    }
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.child) throw new Error(`server exited before it was ready:\n${this.captured.slice(-2000)}`);
      const ready = await fetch(`${this.url}/readyz`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ready) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`server not ready after ${timeoutMs} ms:\n${this.captured.slice(-2000)}`);
  }

  /** Sends a signal and waits for the exit; resolves with the exit code (null when killed). */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    const child = this.child;
    if (!child || !this.exited) return null;
    child.kill(signal);
    const code = await this.exited;
    this.child = undefined;
    return code;
  }
}

/** Runs `serve` expecting it to refuse to start; resolves with its exit code and output. */
export async function runServeExpectingExit(
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<{ code: number | null; output: string; timedOut: boolean }> {
  const child = spawn(process.execPath, [CLI_PATH, "serve"], {
    env: childEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutMs);
  const code = await new Promise<number | null>((resolve) =>
    child.once("exit", (exitCode) => resolve(exitCode)),
  );
  clearTimeout(timer);
  return { code, output, timedOut };
}
