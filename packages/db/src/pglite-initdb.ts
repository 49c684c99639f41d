import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { DataDirLock } from "./data-dir-lock.js";

/** True once initdb has completed in the directory. */
export function isInitialised(dataDir: string): boolean {
  return existsSync(join(dataDir, "PG_VERSION"));
}

// Runs in the child: waits for the parent's go (it first records the child in its lock), then
// lets PGlite run initdb, and dies with the parent.
const CHILD = `
const { PGlite } = require(process.argv[1]);
const [dataDir, startParams] = JSON.parse(process.argv[2]);
process.on("disconnect", () => process.exit(1));
process.once("message", () => {
  PGlite.create(dataDir, { startParams })
    .then((pg) => pg.close())
    .then(
      () => process.exit(0),
      (error) => {
        console.error(error instanceof Error ? error.message : String(error));
        process.exit(1);
      },
    );
});
`;

/**
 * Runs initdb for a fresh data directory in a child process. In-process, PGlite runs initdb
 * with two extra WebAssembly instances (initdb's and a second Postgres) and then drops them,
 * but their memory stays resident until V8 happens to collect them, which an idle hub never
 * prompts: measured, a hub started on a fresh directory idled at ~810 MB instead of ~330 MB
 * (and fell to ~450 MB only after a thousand writes). A child process returns it all on exit.
 * The caller holds the directory's lock and shares it with the child before the child starts.
 */
export async function initialiseInChildProcess(
  dataDir: string,
  lock: DataDirLock,
  startParams: string[],
): Promise<void> {
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const child = spawn(process.execPath, ["-e", CHILD, entry, JSON.stringify([dataDir, startParams])], {
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-2000);
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => resolve(code));
  });
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  });
  try {
    if (child.pid === undefined) throw new Error("the initdb child process has no pid");
    lock.shareWith(child.pid);
    child.send("go");
  } catch (error) {
    child.kill("SIGKILL");
    await exited.catch(() => {});
    throw error;
  }
  const code = await exited;
  if (code !== 0) {
    const reason = stderr.trim().split("\n").at(-1) ?? `exit code ${code}`;
    throw new Error(`initialising the PGlite data directory ${dataDir} failed: ${reason}`);
  }
}
