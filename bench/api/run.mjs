// bench:api — repos.register and tasks.list through the real hub (its own process, from dist,
// relay on with its own nats-server) vs a bare node:http + postgres.js baseline doing the same
// transaction on the same pool size; load from autocannon in a third process. Targets run in
// turn within each round (the order rotates), BENCH_ROUNDS rounds; medians with min–max. The
// CPU each server process spends per request is printed beside req/s: it hardly depends on what
// else runs on the machine, unlike req/s; so is the Postgres server's, which shares the two
// cores (when the machine is saturated, req/s follows the sum). BENCH_COMPARE_DIST=<other checkout>/apps/server/dist
// adds that build's hub as a third target (before/after in one run). pgbench's rate for the same
// transaction is printed for context (the database's own limit here).
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fmt, knob, knobText, requireDatabaseUrl, testing } from "../lib/common.mjs";
import { startHub, waitReady } from "../lib/hub-process.mjs";
import { seedBenchHub } from "../lib/hub-seed.mjs";
import { printTable, runLoad } from "../lib/load.mjs";
import {
  compareDist,
  cpuSecondsOf,
  loadLine,
  median,
  medianSpread,
  postgresCpuSeconds,
} from "../lib/rounds.mjs";

const SECONDS = knob("BENCH_SECONDS", 10);
const ROUNDS = knob("BENCH_ROUNDS", 3);
const WARMUP_SECONDS = knob("BENCH_WARMUP_SECONDS", 3);
const POOL = knob("BENCH_POOL", 10);
const CONNECTIONS = (knobText("BENCH_CONNECTIONS") ?? "8,32").split(",").map(Number);
const OPS = (knobText("BENCH_OPS") ?? "write,read").split(",");
const RELAY_OFF = knob("BENCH_RELAY_OFF", 0) === 1;
// A fixed request rate instead of as fast as possible: req/s then says nothing, but CPU per
// request compares builds without the batching a saturated server gets for free.
const RATE = knob("BENCH_RATE", 0);
// Issue 14's targets: hub ÷ baseline req/s at 8 and at 32 connections.
const TARGET_RPS_RATIO = { 8: 0.7, 32: 0.8 };
const targetRatio = (connections) => TARGET_RPS_RATIO[connections] ?? 0.8;
const TARGET_P99_RATIO = 2;
const COMPARE = compareDist();
const HUB_PATHS = { write: "/trpc/repos.register", read: "/trpc/tasks.list" };

requireDatabaseUrl();
const { createFreshDatabase, TestNatsServer, freePort } = await testing();
const databases = [];
const fresh = async () => {
  const database = await createFreshDatabase();
  databases.push(database);
  return database;
};
const nats = await TestNatsServer.start();
const processes = [];
let baseline;
try {
  console.log(`bench:api — start: ${loadLine()}`);
  /** Each hub has a database of its own: on a shared one, another hub's relay would publish its events. */
  const hubTarget = async (name, { cli, relay = true } = {}) => {
    const database = await fresh();
    const hub = await startHub({
      cli,
      env: {
        DATABASE_URL: database.url,
        ...(relay ? { NATS_URL: nats.url } : {}),
        PORT: String(await freePort()),
        STATEHUB_DB_POOL: String(POOL),
      },
    });
    processes.push(hub);
    await seedBenchHub(hub.url);
    return { name, url: hub.url, pid: hub.pid, database, paths: HUB_PATHS };
  };
  const hub = await hubTarget("hub");
  const targets = [hub];
  if (COMPARE) targets.push(await hubTarget("compare", { cli: `${COMPARE}/cli.js` }));
  if (RELAY_OFF) targets.push(await hubTarget("relay off", { relay: false }));
  const baselinePort = await freePort();
  baseline = spawn(process.execPath, [fileURLToPath(new URL("./baseline-server.mjs", import.meta.url))], {
    env: { ...process.env, DATABASE_URL: hub.database.url, PORT: String(baselinePort), POOL: String(POOL) },
    stdio: "ignore",
  });
  const baselineUrl = `http://127.0.0.1:${baselinePort}`;
  await waitReady(`${baselineUrl}/tasks`, performance.now(), { child: baseline });
  targets.unshift({
    name: "base",
    url: baselineUrl,
    pid: baseline.pid,
    paths: { write: "/register", read: "/tasks" },
  });

  console.log(
    `${SECONDS} s per load${RATE ? ` at ${RATE} req/s` : ""}, ${ROUNDS} rounds, pool ${POOL}, relay on (own nats-server), autocannon in its own process` +
      (COMPARE ? `\ncompare: ${COMPARE}` : ""),
  );
  const rows = [];
  const warmed = new Set();
  for (const connections of CONNECTIONS) {
    for (const kind of OPS) {
      /** name → [{ rps, p99, cpuMs, errors }] */
      const results = new Map(targets.map((t) => [t.name, []]));
      // Unmeasured first load of each kind on each server: JIT, statement caches, pool filling.
      if (!warmed.has(kind)) {
        warmed.add(kind);
        for (const target of targets) {
          await runLoad({
            kind,
            connections,
            seconds: WARMUP_SECONDS,
            domain: "bench",
            url: target.url,
            path: target.paths[kind],
            prefix: `${target.name.replace(/\W/g, "")}warm`,
          });
        }
      }
      for (let round = 0; round < ROUNDS; round += 1) {
        const order = targets.map((_, i) => targets[(i + round) % targets.length]);
        for (const target of order) {
          const cpuBefore = cpuSecondsOf(target.pid);
          const postgresBefore = postgresCpuSeconds();
          const load = await runLoad({
            kind,
            connections,
            seconds: SECONDS,
            ...(RATE ? { rate: RATE } : {}),
            domain: "bench",
            url: target.url,
            path: target.paths[kind],
            prefix: `${target.name.replace(/\W/g, "")}${connections}r${round}`,
          });
          const served = Math.max(load.total, 1);
          const cpuMs = ((cpuSecondsOf(target.pid) - cpuBefore) * 1000) / served;
          const postgresMs = ((postgresCpuSeconds() - postgresBefore) * 1000) / served;
          results.get(target.name).push({ ...load, cpuMs, postgresMs });
        }
      }
      const base = results.get("base");
      for (const target of targets) {
        const own = results.get(target.name);
        const ratio = own.map((r, i) => r.rps / base[i].rps);
        const p99Ratio = own.map((r, i) => r.p99 / Math.max(base[i].p99, 1));
        const isBase = target.name === "base";
        rows.push({
          op: kind === "write" ? "repos.register" : "tasks.list",
          conns: connections,
          server: target.name,
          "req/s": medianSpread(
            own.map((r) => r.rps),
            0,
          ),
          "p99 ms": medianSpread(
            own.map((r) => r.p99),
            0,
          ),
          "CPU ms/req": medianSpread(own.map((r) => r.cpuMs)),
          "PG CPU ms/req": medianSpread(own.map((r) => r.postgresMs)),
          "÷ base req/s": isBase ? "" : medianSpread(ratio),
          "÷ base p99": isBase ? "" : medianSpread(p99Ratio),
          "errors/non2xx": `${sum(own, "errors")}/${sum(own, "non2xx")}`,
          target: isBase
            ? ""
            : median(ratio) >= targetRatio(connections) && median(p99Ratio) <= TARGET_P99_RATIO
              ? "met"
              : "NOT met",
        });
      }
      if (COMPARE) {
        const ours = results.get("hub");
        const theirs = results.get("compare");
        console.log(
          `  ${kind === "write" ? "repos.register" : "tasks.list"} @${connections}: hub/compare CPU per request ${medianSpread(ours.map((r, i) => r.cpuMs / theirs[i].cpuMs))}, req/s ${medianSpread(ours.map((r, i) => r.rps / theirs[i].rps))}`,
        );
      }
    }
  }
  console.log();
  printTable(rows);
  console.log(
    `\ntargets: hub ÷ base req/s ≥ 0.7 at 8 connections, ≥ 0.8 at 32 (and at any other count), p99 ≤ ${TARGET_P99_RATIO}× (medians of per-round ratios). CPU ms/req: the server process's user+system CPU over the load ÷ requests served (Postgres's not counted); PG CPU ms/req: the Postgres server's processes over the same load (the targets run one at a time).`,
  );

  if (knob("BENCH_PGBENCH", 1) === 1) pgbenchContext(hub.database.url);
  console.log(`\nend: ${loadLine()}`);
} finally {
  baseline?.kill("SIGTERM");
  for (const p of processes) await p.stop();
  await nats.dispose();
  for (const d of databases) await d.drop();
}

function sum(rows, key) {
  return rows.reduce((total, r) => total + (r[key] ?? 0), 0);
}

function pgbenchContext(url) {
  console.log("\npgbench, the same transaction (context: the database's own limit)");
  const pgbench = pgbenchBinary();
  if (!pgbench) {
    console.log("  pgbench not found: skipped");
    return;
  }
  for (const clients of CONNECTIONS) {
    const output = execFileSync(
      pgbench,
      [
        "-n",
        "-f",
        fileURLToPath(new URL("./register.pgbench.sql", import.meta.url)),
        "-c",
        String(clients),
        "-j",
        "2",
        "-T",
        String(SECONDS),
        url,
      ],
      { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
    );
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(output)?.[1];
    const latency = /latency average = ([\d.]+) ms/.exec(output)?.[1];
    console.log(`  -c ${clients}: ${fmt(Number(tps), 0)} tps, latency average ${latency} ms`);
  }
}

function pgbenchBinary() {
  for (const candidate of ["pgbench", "/usr/lib/postgresql/15/bin/pgbench"]) {
    if (candidate.startsWith("/") ? existsSync(candidate) : true) {
      try {
        execFileSync(candidate, ["--version"], { stdio: "ignore" });
        return candidate;
      } catch {
        // next
      }
    }
  }
  return undefined;
}
