// Runs one autocannon job in its own process (lib/autocannon-child.mjs) and returns its summary.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const CHILD = fileURLToPath(new URL("./autocannon-child.mjs", import.meta.url));

/** job: { kind: "write"|"read", url, path, connections, seconds, prefix?, domain? } */
export function runLoad(job) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CHILD, JSON.stringify(job)],
      { timeout: (job.seconds + 30) * 1000, maxBuffer: 10 * 1024 * 1024 },
      (error, stdout) => {
        if (error) reject(error);
        else resolve(JSON.parse(stdout.trim().split("\n").at(-1)));
      },
    );
  });
}

/** Prints rows as an aligned table. */
export function printTable(rows) {
  const keys = Object.keys(rows[0]);
  const width = Object.fromEntries(
    keys.map((k) => [k, Math.max(k.length, ...rows.map((r) => String(r[k]).length))]),
  );
  const line = (r) => keys.map((k) => String(r[k]).padEnd(width[k])).join("  ");
  console.log(line(Object.fromEntries(keys.map((k) => [k, k]))));
  for (const row of rows) console.log(line(row));
}
