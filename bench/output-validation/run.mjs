// bench:output-validation — what tRPC's runtime output validation (`.output()` on every
// procedure) costs the hub. Two hubs from the same dist, each on a fresh database, relay off:
// one as shipped, one with the output-validation middleware removed by a preload
// (without-output-validation.mjs). Rounds alternate the two under the same autocannon load;
// per round: req/s and the hub process's CPU time per request (utime + stime from /proc), which
// depends far less on what else the machine is doing than req/s does. Medians and spread.
import { fileURLToPath } from "node:url";
import { fmt, fromServer, knob, requireDatabaseUrl, testing } from "../lib/common.mjs";
import { startHub } from "../lib/hub-process.mjs";
import { callHub, seedBenchHub } from "../lib/hub-seed.mjs";
import { printTable, runLoad } from "../lib/load.mjs";
import { cpuSecondsOf, loadLine, median, medianSpread } from "../lib/rounds.mjs";

const SECONDS = knob("BENCH_SECONDS", 8);
const ROUNDS = knob("BENCH_ROUNDS", 3);
const CONNECTIONS = knob("BENCH_CONNECTIONS", 8);

requireDatabaseUrl();
const { createFreshDatabase, freePort } = await testing();
const databases = [await createFreshDatabase(), await createFreshDatabase()];
const hubs = {};
try {
  hubs.validated = await startHub({
    env: { DATABASE_URL: databases[0].url, PORT: String(await freePort()) },
  });
  hubs.unvalidated = await startHub({
    env: { DATABASE_URL: databases[1].url, PORT: String(await freePort()) },
    nodeArgs: ["--import", fileURLToPath(new URL("./without-output-validation.mjs", import.meta.url))],
  });
  for (const hub of Object.values(hubs)) await seedBenchHub(hub.url);
  // Warm both up (JIT, pools, caches) before anything is measured.
  for (const [variant, hub] of Object.entries(hubs))
    for (const kind of ["read", "write"])
      await runLoad({
        kind,
        connections: CONNECTIONS,
        seconds: 2,
        domain: "bench",
        url: hub.url,
        path: kind === "write" ? "/trpc/repos.register" : "/trpc/tasks.list",
        prefix: `warm-${variant}`,
      });

  console.log(
    `bench:output-validation — ${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections, relay off; ${loadLine()}\n`,
  );
  const samples = {};
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const kind of ["read", "write"]) {
      // Alternate which variant goes first, so neither always runs on a warmer machine.
      const order = round % 2 === 0 ? ["validated", "unvalidated"] : ["unvalidated", "validated"];
      for (const variant of order) {
        const hub = hubs[variant];
        const cpuBefore = cpuSecondsOf(hub.pid);
        const result = await runLoad({
          kind,
          connections: CONNECTIONS,
          seconds: SECONDS,
          domain: "bench",
          url: hub.url,
          path: kind === "write" ? "/trpc/repos.register" : "/trpc/tasks.list",
          prefix: `${variant}${round}`,
        });
        if (result.errors + result.non2xx > 0) throw new Error(`${variant} ${kind}: failed requests`);
        const key = `${kind}/${variant}`;
        samples[key] ??= { rps: [], cpu: [] };
        samples[key].rps.push(result.rps);
        samples[key].cpu.push(((cpuSecondsOf(hub.pid) - cpuBefore) * 1000) / result.total);
      }
    }
  }
  const rows = [];
  for (const kind of ["read", "write"]) {
    const on = samples[`${kind}/validated`];
    const off = samples[`${kind}/unvalidated`];
    rows.push({
      op: kind === "read" ? "tasks.list (50 items)" : "repos.register",
      "req/s validated": medianSpread(on.rps, 0),
      "req/s without": medianSpread(off.rps, 0),
      "CPU ms/req validated": medianSpread(on.cpu, 3),
      "CPU ms/req without": medianSpread(off.cpu, 3),
      "CPU cost of validation": `${fmt((median(on.cpu) / median(off.cpu) - 1) * 100, 1)} %`,
    });
  }
  printTable(rows);
  await printParseCost(hubs.validated.url);
  console.log(`\nat the end: ${loadLine()}`);
} finally {
  for (const hub of Object.values(hubs)) await hub.stop();
  for (const database of databases) await database.drop();
}

/**
 * The validation alone, without a server around it: the output schema tRPC holds for each
 * procedure, parsing a real answer of the hub (outputs are JSON-shaped, dates ISO strings, so
 * the wire body is exactly what the middleware parses), timed over many runs in this process.
 */
async function printParseCost(url) {
  const { appRouter } = await fromServer("@statehub/api");
  const page = (await (await fetch(`${url}/trpc/tasks.list`)).json()).result.data;
  const repo = await callHub(url, "repos.register", { name: "bench/parse-cost", domain: "bench" });
  console.log("\nthe output schema's parse alone (median of 5 × 2000 runs, this process):");
  for (const [procedure, data] of [
    ["tasks.list", page],
    ["repos.register", repo],
  ]) {
    const schema = appRouter._def.procedures[procedure]._def.output;
    const perRun = [];
    for (let batch = 0; batch < 5; batch += 1) {
      const started = performance.now();
      for (let i = 0; i < 2000; i += 1) schema.parse(data);
      perRun.push(((performance.now() - started) / 2000) * 1000);
    }
    console.log(`  ${procedure}: ${fmt(median(perRun), 1)} µs per answer`);
  }
}
