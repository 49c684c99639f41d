// bench:profile — the hub under write (then read) load with `node --cpu-prof`; prints the top
// self-time functions of the profile, so optimisation starts from what dominates.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { knob, knobText, requireDatabaseUrl, testing } from "../lib/common.mjs";
import { startHub } from "../lib/hub-process.mjs";
import { runLoad } from "../lib/load.mjs";
import { summariseByPackage, summariseProfile } from "./summarise.mjs";

const SECONDS = knob("BENCH_SECONDS", 10);
// `node bench/profile/run.mjs read` profiles tasks.list instead of repos.register.
const KIND = process.argv[2] === "read" ? "read" : "write";

requireDatabaseUrl();
const { createFreshDatabase, TestNatsServer, freePort } = await testing();
const fresh = await createFreshDatabase();
const nats = await TestNatsServer.start();
// BENCH_PROFILE_DIR keeps the .cpuprofile (open it in Chrome DevTools) instead of a temp dir.
const keep = knobText("BENCH_PROFILE_DIR");
const dir = keep ?? mkdtempSync(join(tmpdir(), "statehub-prof-"));
try {
  const hub = await startHub({
    env: { DATABASE_URL: fresh.url, NATS_URL: nats.url, PORT: String(await freePort()) },
    nodeArgs: ["--cpu-prof", "--cpu-prof-dir", dir],
  });
  const post = (path, input) =>
    fetch(`${hub.url}/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(input),
    }).then((r) => r.json());
  await post("domains.upsert", { slug: "bench", name: "Bench" });
  const ws = (await post("workstreams.create", { title: "p", domain: "bench" })).result.data;
  for (let i = 0; i < 60; i += 1) await post("tasks.create", { workstreamId: ws.id, title: `t${i}` });
  const result = await runLoad({
    kind: KIND,
    url: hub.url,
    path: KIND === "write" ? "/trpc/repos.register" : "/trpc/tasks.list",
    connections: 8,
    seconds: SECONDS,
    prefix: "prof",
    domain: "bench",
  });
  await hub.stop();
  const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
  console.log(
    `bench:profile — ${KIND} load, 8 connections, ${SECONDS} s: ${result.rps.toFixed(0)} req/s, p99 ${result.p99} ms`,
  );
  const { all, rows } = summariseProfile(join(dir, file), 25);
  console.log(`sampled ${(all / 1000).toFixed(0)} ms of CPU in the hub; top self time:`);
  for (const row of rows)
    console.log(`${row.pct.toFixed(1).padStart(5)}%  ${row.ms.toFixed(0).padStart(6)} ms  ${row.fn}`);
  console.log("self time by package:");
  for (const row of summariseByPackage(join(dir, file)).slice(0, 15))
    console.log(`${row.pct.toFixed(1).padStart(5)}%  ${row.ms.toFixed(0).padStart(6)} ms  ${row.pkg}`);
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
  await nats.dispose();
  await fresh.drop();
}
