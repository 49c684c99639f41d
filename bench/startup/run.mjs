// bench:startup — time from process start to /readyz answering 200: on Postgres (a fresh
// database, so the first start migrates; then the same database again) and on PGlite (a fresh
// data directory; then the existing one). A few repetitions each; the median is reported.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fmt, knob, requireDatabaseUrl, summarise, testing } from "../lib/common.mjs";
import { startHub } from "../lib/hub-process.mjs";
import { printTable } from "../lib/load.mjs";

const REPS = knob("BENCH_REPS", 3);
requireDatabaseUrl();
const { createFreshDatabase, freePort } = await testing();

async function timeStart(env) {
  const hub = await startHub({ env: { ...env, PORT: String(await freePort()) } });
  await hub.stop();
  return hub.readyMs;
}

const results = { "postgres fresh": [], "postgres existing": [], "pglite fresh": [], "pglite existing": [] };
for (let rep = 0; rep < REPS; rep += 1) {
  const fresh = await createFreshDatabase();
  try {
    results["postgres fresh"].push(await timeStart({ DATABASE_URL: fresh.url }));
    results["postgres existing"].push(await timeStart({ DATABASE_URL: fresh.url }));
  } finally {
    await fresh.drop();
  }
  const dir = mkdtempSync(join(tmpdir(), "statehub-pglite-"));
  try {
    results["pglite fresh"].push(await timeStart({ STATEHUB_DATA_DIR: join(dir, "data") }));
    results["pglite existing"].push(await timeStart({ STATEHUB_DATA_DIR: join(dir, "data") }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`bench:startup — process start → /readyz 200, ${REPS} repetitions, ms\n`);
printTable(
  Object.entries(results).map(([mode, values]) => {
    const s = summarise(values);
    return {
      mode,
      "median ms": fmt(s.p50, 0),
      "max ms": fmt(s.max, 0),
      runs: values.map((v) => v.toFixed(0)).join(" "),
    };
  }),
);
