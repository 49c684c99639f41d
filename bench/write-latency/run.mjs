// bench:write-latency — latency of repos.register through the real HTTP server (its own
// process, `statehub serve`) with the relay on (NATS_URL set) vs off, at the same open-loop
// load. Rounds alternate off/on, each on a fresh database. Target: p50(on) / p50(off) ≤ 1.10.
import { fmt, knob, requireDatabaseUrl, sleep, summarise, testing } from "../lib/common.mjs";
import { startHub } from "../lib/hub-process.mjs";

const RATE = knob("BENCH_RATE", 100); // requests/s
const SECONDS = knob("BENCH_SECONDS", 10);
const ROUNDS = knob("BENCH_ROUNDS", 3);

requireDatabaseUrl();
const { TestNatsServer, createFreshDatabase, freePort } = await testing();
const nats = await TestNatsServer.start();

// The hub as deployed, its own process (lib/hub-process.mjs), quiet logs so output is not the cost.
async function startServer(databaseUrl, withRelay) {
  return startHub({
    env: {
      DATABASE_URL: databaseUrl,
      PORT: String(await freePort()),
      LOG_LEVEL: "warn",
      ...(withRelay ? { NATS_URL: nats.url, NATS_STREAM: "WRITELAT" } : {}),
    },
  });
}

const call = (url, procedure, input) =>
  fetch(`${url}/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
  });

async function round(label, withRelay) {
  const fresh = await createFreshDatabase();
  const server = await startServer(fresh.url, withRelay);
  try {
    const domain = await call(server.url, "domains.upsert", { slug: "bench", name: "Bench" });
    if (!domain.ok) throw new Error(`domains.upsert: ${domain.status} ${await domain.text()}`);
    // Warm-up (JIT, pool), not measured.
    for (let i = 0; i < 50; i += 1)
      await call(server.url, "repos.register", { name: `warm/${label}-${i}`, domain: "bench" });
    const latencies = [];
    let failures = 0;
    const begin = performance.now();
    const pending = [];
    for (let i = 0; i < RATE * SECONDS; i += 1) {
      const wait = begin + (i * 1000) / RATE - performance.now();
      if (wait > 1) await sleep(wait);
      pending.push(
        (async () => {
          const t0 = performance.now();
          const response = await call(server.url, "repos.register", {
            name: `bench/${label}-${i}`,
            domain: "bench",
          });
          await response.arrayBuffer();
          if (response.ok) latencies.push(performance.now() - t0);
          else failures += 1;
        })(),
      );
    }
    await Promise.all(pending);
    if (failures > 0) throw new Error(`${failures} requests failed`);
    return summarise(latencies);
  } finally {
    await server.stop();
    await fresh.drop();
  }
}

try {
  console.log(
    `bench:write-latency — repos.register at ${RATE}/s for ${SECONDS} s per round, ${ROUNDS} rounds each, server in its own process`,
  );
  const off = [];
  const on = [];
  for (let r = 1; r <= ROUNDS; r += 1) {
    off.push(await round(`off${r}`, false));
    on.push(await round(`on${r}`, true));
    console.log(
      `  round ${r}: relay off p50 ${fmt(off.at(-1).p50)} ms p99 ${fmt(off.at(-1).p99)} ms | relay on p50 ${fmt(on.at(-1).p50)} ms p99 ${fmt(on.at(-1).p99)} ms`,
    );
  }
  const median = (xs) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  const p50Off = median(off.map((s) => s.p50));
  const p50On = median(on.map((s) => s.p50));
  const ratio = p50On / p50Off;
  console.log(`relay off: p50 ${fmt(p50Off)} ms, p99 ${fmt(median(off.map((s) => s.p99)))} ms`);
  console.log(`relay on:  p50 ${fmt(p50On)} ms, p99 ${fmt(median(on.map((s) => s.p99)))} ms`);
  console.log(`ratio p50 on/off: ${fmt(ratio)} (target ≤ 1.10) ${ratio <= 1.1 ? "MET" : "MISSED"}`);
} finally {
  await nats.dispose();
}
