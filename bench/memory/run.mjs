// bench:memory — RSS of the hub on real Postgres during a bounded soak at a moderate, steady
// write rate (relay on, own nats-server), sampled every 10 s: minute 1 vs minute 3 (no growth
// trend) and the peak (target < 200 MB). Then PGlite mode under the same load, shorter.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fmt, knob, requireDatabaseUrl, sleep, testing } from "../lib/common.mjs";
import { rssMb, startHub } from "../lib/hub-process.mjs";
import { runLoad } from "../lib/load.mjs";

const SOAK_S = knob("BENCH_SOAK_SECONDS", 180);
const PGLITE_S = knob("BENCH_PGLITE_SECONDS", 40);
const RATE = knob("BENCH_RATE", 100);
const SAMPLE_MS = 10_000;
const PEAK_TARGET_MB = 200;

requireDatabaseUrl();
const { createFreshDatabase, TestNatsServer, freePort } = await testing();

/** Runs writes at RATE/s for `seconds` against a started hub, sampling its RSS. */
async function soak(hub, seconds) {
  await fetch(`${hub.url}/trpc/domains.upsert`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ slug: "bench", name: "Bench" }),
  });
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

const minuteAvg = (samples, minute) => {
  const inMinute = samples.filter((s) => s.t > (minute - 1) * 60 && s.t <= minute * 60);
  return inMinute.reduce((sum, s) => sum + s.mb, 0) / inMinute.length;
};

const fresh = await createFreshDatabase();
const nats = await TestNatsServer.start();
const dir = mkdtempSync(join(tmpdir(), "statehub-mem-"));
try {
  const pgHub = await startHub({
    env: { DATABASE_URL: fresh.url, NATS_URL: nats.url, PORT: String(await freePort()) },
  });
  const pg = await soak(pgHub, SOAK_S);
  await pgHub.stop();
  const peak = Math.max(...pg.samples.map((s) => s.mb));
  const m1 = minuteAvg(pg.samples, 1);
  const m3 = minuteAvg(pg.samples, Math.ceil(SOAK_S / 60));
  console.log(
    `bench:memory — ${SOAK_S} s at ${RATE} writes/s (achieved ${fmt(pg.result.rps, 0)}/s, ${pg.result.non2xx} non-2xx), RSS every ${SAMPLE_MS / 1000} s`,
  );
  console.log(
    `postgres samples (s: RSS MB / JS heap used MB): ${pg.samples.map((s) => `${s.t}:${s.mb.toFixed(0)}/${s.heap.toFixed(0)}`).join(" ")}`,
  );
  console.log(
    `minute 1 avg ${fmt(m1, 1)} MB, last minute avg ${fmt(m3, 1)} MB, growth ${fmt(m3 - m1, 1)} MB (${fmt((100 * (m3 - m1)) / m1, 1)}%) — target: no trend (≤ 5%): ${m3 - m1 <= 0.05 * m1 ? "met" : "NOT met"}`,
  );
  console.log(
    `peak ${fmt(peak, 1)} MB — target < ${PEAK_TARGET_MB} MB: ${peak < PEAK_TARGET_MB ? "met" : "NOT met"}`,
  );

  const liteHub = await startHub({
    env: {
      STATEHUB_DATA_DIR: join(dir, "data"),
      NATS_URL: nats.url,
      PORT: String(await freePort()),
      NATS_STREAM: "STATEHUB_LITE",
    },
  });
  const idle = rssMb(liteHub.pid);
  const lite = await soak(liteHub, PGLITE_S);
  await liteHub.stop();
  console.log(
    `\npglite: idle after start ${fmt(idle, 0)} MB; under ${RATE} writes/s for ${PGLITE_S} s (achieved ${fmt(lite.result.rps, 0)}/s): ${lite.samples.map((s) => `${s.t}:${s.mb.toFixed(0)}`).join(" ")} MB; peak ${fmt(Math.max(...lite.samples.map((s) => s.mb)), 0)} MB (report only: PGlite runs Postgres in-process)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
  await nats.dispose();
  await fresh.drop();
}
