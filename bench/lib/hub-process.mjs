// Starts the hub as it is deployed (`node apps/server/dist/cli.js serve`) in its own process,
// waits for /readyz, and reports its RSS from /proc. Used by the API, memory, start-up and
// profile benchmarks.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../../apps/server/dist/cli.js", import.meta.url));

/** Resident set size of a process in MB (Linux /proc), or NaN once it is gone. */
export function rssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}

/** Polls `url` until it answers 200; resolves with the ms since `since`. */
export async function waitReady(url, since, { timeoutMs = 60_000, child } = {}) {
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before ready`);
    const ok = await fetch(url).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ok) return performance.now() - since;
    if (performance.now() - since > timeoutMs) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Spawns `serve` with `env` (PORT required) and waits for /readyz. `nodeArgs` go before the
 * script (e.g. --cpu-prof); `cli` is another build's cli.js (BENCH_COMPARE_DIST). Resolves with
 * { url, pid, readyMs, stop() }.
 */
export async function startHub({
  env,
  nodeArgs = [],
  showOutput = false,
  readyTimeoutMs = 60_000,
  cli = CLI,
}) {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, cli, "serve"], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: "info", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", showOutput ? "inherit" : "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${env.PORT}`;
  const readyMs = await waitReady(`${url}/readyz`, started, { timeoutMs: readyTimeoutMs, child });
  return {
    url,
    pid: child.pid,
    readyMs,
    /** SIGTERM (graceful: a --cpu-prof profile is written on exit), SIGKILL after 15 s. */
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
