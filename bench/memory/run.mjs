// bench:memory — the hub's RSS in its two modes, side by side: on real Postgres and with
// embedded PGlite (what `npm start` runs). Each: idle after start, then a bounded soak at a
// moderate, steady write rate (relay on, own nats-server) sampled every 10 s, then idle again.
// Postgres: minute 1 vs the last minute (no growth trend) and the peak (target < 200 MB).
// PGlite: idle on a fresh data directory and on a reopened one (target ≤ 400 MB), and the peak.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fmt, knob, requireDatabaseUrl, sleep, testing } from "../lib/common.mjs";
import { rssMb, startHub } from "../lib/hub-process.mjs";
import { printTable, runLoad } from "../lib/load.mjs";

const SOAK_S = knob("BENCH_SOAK_SECONDS", 180);
const PGLITE_S = knob("BENCH_PGLITE_SECONDS", 60);
const RATE = knob("BENCH_RATE", 100);
const SETTLE_MS = knob("BENCH_SETTLE_SECONDS", 5) * 1000;
const SAMPLE_MS = 10_000;
const PEAK_TARGET_MB = 200;
const EMBEDDED_IDLE_TARGET_MB = 400;

requireDatabaseUrl();
const { createFreshDatabase, TestNatsServer, freePort } = await testing();

/** Runs writes at RATE/s for `seconds` against a started hub, sampling its RSS. */
async function soak(hub, seconds) {
  const samples = [{ t: 0, mb: rssMb(hub.pid), heap: await heapUsedMb(hub.url) }];
  const load = runLoad({
    kind: "write",
    url: hub.url,
    path: "/trpc/repos.register",
    connections: 4,
    seconds,
    rate: RATE,
    prefix: "mem",
    domain: "bench",
  });
  const started = Date.now();
  let done = false;
  void load.finally(() => {
    done = true;
  });
  while (!done) {
    await sleep(SAMPLE_MS);
    if (!done)
      samples.push({
        t: Math.round((Date.now() - started) / 1000),
        mb: rssMb(hub.pid),
        heap: await heapUsedMb(hub.url),
      });
  }
  return { samples, result: await load };
}

/** The JS heap in use (prom-client's default metric), to tell a leak from RSS the allocator keeps. */
async function heapUsedMb(url) {
  const text = await fetch(`${url}/metrics`).then(
    (r) => r.text(),
    () => "",
  );
  return Number(/^nodejs_heap_size_used_bytes (\S+)/m.exec(text)?.[1]) / 1024 / 1024;
}

/** RSS once the hub has settled after start or load. */
async function idleMb(hub) {
  await sleep(SETTLE_MS);
  return rssMb(hub.pid);
}

/** One mode: start, idle, soak, idle; the hub is stopped at the end. */
async function measure(env, seconds) {
  const hub = await startHub({ env: { ...env, PORT: String(await freePort()) }, readyTimeoutMs: 180_000 });
  try {
    const idle = await idleMb(hub);
    await fetch(`${hub.url}/trpc/domains.upsert`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ slug: "bench", name: "Bench" }),
    });
    const soaked = await soak(hub, seconds);
    return { idle, readyMs: hub.readyMs, ...soaked, after: await idleMb(hub) };
  } finally {
    await hub.stop();
  }
}

const minuteAvg = (samples, minute) => {
  const inMinute = samples.filter((s) => s.t > (minute - 1) * 60 && s.t <= minute * 60);
  return inMinute.reduce((sum, s) => sum + s.mb, 0) / inMinute.length;
};
const peakOf = (samples) => Math.max(...samples.map((s) => s.mb));
const series = (samples) => samples.map((s) => `${s.t}:${s.mb.toFixed(0)}/${s.heap.toFixed(0)}`).join(" ");

const fresh = await createFreshDatabase();
const nats = await TestNatsServer.start();
const dir = mkdtempSync(join(tmpdir(), "statehub-mem-"));
try {
  const pg = await measure({ DATABASE_URL: fresh.url, NATS_URL: nats.url }, SOAK_S);
  const liteEnv = { STATEHUB_DATA_DIR: join(dir, "data"), NATS_URL: nats.url, NATS_STREAM: "STATEHUB_LITE" };
  const lite = await measure(liteEnv, PGLITE_S);
  // The same directory again, as after a restart: no initdb.
  const reopened = await startHub({
    env: { ...liteEnv, PORT: String(await freePort()) },
    readyTimeoutMs: 180_000,
  });
  const reopenedIdle = await idleMb(reopened).finally(() => reopened.stop());

  const peak = peakOf(pg.samples);
  const m1 = minuteAvg(pg.samples, 1);
  const mLast = minuteAvg(pg.samples, Math.ceil(SOAK_S / 60));
  console.log(
    `bench:memory — ${RATE} writes/s (repos.register, relay on), RSS every ${SAMPLE_MS / 1000} s, idle = ${SETTLE_MS / 1000} s after start or load`,
  );
  printTable([
    {
      "": "idle after start (MB)",
      postgres: fmt(pg.idle, 0),
      "pglite (embedded)": `${fmt(lite.idle, 0)} fresh dir, ${fmt(reopenedIdle, 0)} reopened`,
    },
    { "": "soak (s)", postgres: SOAK_S, "pglite (embedded)": PGLITE_S },
    {
      "": "achieved writes/s",
      postgres: `${fmt(pg.result.rps, 0)} (${pg.result.non2xx} non-2xx)`,
      "pglite (embedded)": `${fmt(lite.result.rps, 0)} (${lite.result.non2xx} non-2xx)`,
    },
    { "": "peak under load (MB)", postgres: fmt(peak, 0), "pglite (embedded)": fmt(peakOf(lite.samples), 0) },
    { "": "idle after load (MB)", postgres: fmt(pg.after, 0), "pglite (embedded)": fmt(lite.after, 0) },
    { "": "start → /readyz (ms)", postgres: fmt(pg.readyMs, 0), "pglite (embedded)": fmt(lite.readyMs, 0) },
  ]);
  console.log(`\npostgres samples (s:RSS MB/JS heap used MB): ${series(pg.samples)}`);
  console.log(`pglite samples   (s:RSS MB/JS heap used MB): ${series(lite.samples)}`);
  console.log(
    `\npostgres: minute 1 avg ${fmt(m1, 1)} MB, last minute avg ${fmt(mLast, 1)} MB, growth ${fmt(mLast - m1, 1)} MB (${fmt((100 * (mLast - m1)) / m1, 1)}%) — target: no trend (≤ 5%): ${mLast - m1 <= 0.05 * m1 ? "met" : "NOT met"}`,
  );
  console.log(
    `postgres: peak ${fmt(peak, 1)} MB — target < ${PEAK_TARGET_MB} MB: ${peak < PEAK_TARGET_MB ? "met" : "NOT met"}`,
  );
  const worstIdle = Math.max(lite.idle, reopenedIdle);
  console.log(
    `pglite: idle ${fmt(lite.idle, 0)} MB fresh, ${fmt(reopenedIdle, 0)} MB reopened — target ≤ ${EMBEDDED_IDLE_TARGET_MB} MB: ${worstIdle <= EMBEDDED_IDLE_TARGET_MB ? "met" : "NOT met"} (Postgres runs in the hub's process here: its buffers, catalogue caches and WebAssembly code are in this RSS)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
  await nats.dispose();
  await fresh.drop();
}
