// bench:api — repos.register and tasks.list through the real hub (its own process, from dist,
// relay on with its own nats-server) vs a bare node:http + postgres.js baseline doing the same
// transaction on the same pool size; load from autocannon in a third process. pgbench's rate
// for the same transaction is printed for context (the database's own limit here).
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fmt, knob, requireDatabaseUrl, testing } from "../lib/common.mjs";
import { startHub, waitReady } from "../lib/hub-process.mjs";
import { printTable, runLoad } from "../lib/load.mjs";

const SECONDS = knob("BENCH_SECONDS", 10);
const POOL = knob("BENCH_POOL", 10);
const CONNECTIONS = [8, 32];
const TARGET_RPS_RATIO = 0.6;
const TARGET_P99_RATIO = 2;

requireDatabaseUrl();
const { createFreshDatabase, TestNatsServer, freePort } = await testing();
const fresh = await createFreshDatabase();
// The relay-off hub gets a database of its own: on a shared one, the other hub's relay would
// publish its events and the comparison would measure nothing.
const freshNoRelay = await createFreshDatabase();
const nats = await TestNatsServer.start();
let hub;
let hubNoRelay;
let baseline;
try {
  hub = await startHub({
    env: {
      DATABASE_URL: fresh.url,
      NATS_URL: nats.url,
      PORT: String(await freePort()),
      STATEHUB_DB_POOL: String(POOL),
    },
  });
  await seed(hub.url);
  // The same hub with the relay off (no NATS_URL), to show what publishing costs on this machine.
  hubNoRelay = await startHub({
    env: { DATABASE_URL: freshNoRelay.url, PORT: String(await freePort()), STATEHUB_DB_POOL: String(POOL) },
  });
  await seed(hubNoRelay.url);
  const baselinePort = await freePort();
  baseline = spawn(process.execPath, [fileURLToPath(new URL("./baseline-server.mjs", import.meta.url))], {
    env: { ...process.env, DATABASE_URL: fresh.url, PORT: String(baselinePort), POOL: String(POOL) },
    stdio: "ignore",
  });
  const baselineUrl = `http://127.0.0.1:${baselinePort}`;
  await waitReady(`${baselineUrl}/tasks`, performance.now(), { child: baseline });

  console.log(
    `bench:api — ${SECONDS} s per run, pool ${POOL}, relay on (own nats-server), autocannon in its own process\n`,
  );
  const rows = [];
  for (const connections of CONNECTIONS) {
    for (const kind of ["write", "read"]) {
      const common = { kind, connections, seconds: SECONDS, domain: "bench" };
      const base = await runLoad({
        ...common,
        url: baselineUrl,
        path: kind === "write" ? "/register" : "/tasks",
        prefix: `base${connections}`,
      });
      const ours = await runLoad({
        ...common,
        url: hub.url,
        path: kind === "write" ? "/trpc/repos.register" : "/trpc/tasks.list",
        prefix: `hub${connections}`,
      });
      const noRelay = await runLoad({
        ...common,
        url: hubNoRelay.url,
        path: kind === "write" ? "/trpc/repos.register" : "/trpc/tasks.list",
        prefix: `off${connections}`,
      });
      const rpsRatio = ours.rps / base.rps;
      const p99Ratio = ours.p99 / Math.max(base.p99, 1);
      rows.push({
        op: kind === "write" ? "repos.register" : "tasks.list",
        conns: connections,
        "base req/s": fmt(base.rps, 0),
        "hub req/s": fmt(ours.rps, 0),
        "ratio (≥0.6)": fmt(rpsRatio),
        "base p99 ms": base.p99,
        "hub p99 ms": ours.p99,
        "p99 ratio (≤2)": fmt(p99Ratio),
        "relay off req/s | p99": `${fmt(noRelay.rps, 0)} | ${noRelay.p99}`,
        "errors/non2xx": `${ours.errors + base.errors}/${ours.non2xx + base.non2xx}`,
        met: rpsRatio >= TARGET_RPS_RATIO && p99Ratio <= TARGET_P99_RATIO ? "met" : "NOT met",
      });
    }
  }
  printTable(rows);

  console.log("\npgbench, the same transaction (context: the database's own limit)");
  const pgbench = pgbenchBinary();
  if (!pgbench) console.log("  pgbench not found: skipped");
  else {
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
          fresh.url,
        ],
        { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
      );
      const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(output)?.[1];
      const latency = /latency average = ([\d.]+) ms/.exec(output)?.[1];
      console.log(`  -c ${clients}: ${fmt(Number(tps), 0)} tps, latency average ${latency} ms`);
    }
  }
} finally {
  baseline?.kill("SIGTERM");
  await hub?.stop();
  await hubNoRelay?.stop();
  await nats.dispose();
  await fresh.drop();
  await freshNoRelay.drop();
}

/** A domain for the writes, and a workstream with 60 tasks, so tasks.list returns a full page. */
async function seed(url) {
  const call = async (path, input) => {
    const response = await fetch(`${url}/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(input),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()).result.data;
  };
  await call("domains.upsert", { slug: "bench", name: "Bench" });
  const workstream = await call("workstreams.create", { title: "bench", domain: "bench" });
  for (let i = 0; i < 60; i += 1)
    await call("tasks.create", { workstreamId: workstream.id, title: `task ${i}` });
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
