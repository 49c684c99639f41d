// bench:sync — `statehub-workplans sync` of BENCH_FILES (1000) generated workplans with
// BENCH_TASKS (10) tasks each: the first sync (everything created) and a re-sync of the
// unchanged files (answered without writes), each timed as the CLI process end to end and
// printed as files/s. Targets: first sync < 30 s, re-sync < 3 s. The hub runs as its own
// process (`statehub serve`, relay off) on a fresh Postgres database on 127.0.0.1.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fmt, knob, requireDatabaseUrl, testing } from "../lib/common.mjs";
import { startHub } from "../lib/hub-process.mjs";
import { printTable } from "../lib/load.mjs";

const FILES = knob("BENCH_FILES", 1000);
const TASKS = knob("BENCH_TASKS", 10);
const BIN = fileURLToPath(new URL("../../packages/workplans/dist/statehub-workplans.mjs", import.meta.url));
const TARGETS = { first: 30_000, resync: 3_000 };

requireDatabaseUrl();
const { createFreshDatabase, freePort } = await testing();

const STATUSES = ["planned", "active", "blocked", "completed"];
const TASK_STATUSES = ["todo", "in_progress", "blocked", "done"];

/** A realistic workplan: comments, an unknown key, prose, a task list. */
function workplan(n) {
  const key = `BENCH-WP-${String(n).padStart(4, "0")}`;
  const tasks = Array.from(
    { length: TASKS },
    (_, t) =>
      `  - id: T${String(t + 1).padStart(2, "0")}\n    title: "Step ${t + 1} of workplan ${n}: do the thing properly"\n    status: ${TASK_STATUSES[(n + t) % TASK_STATUSES.length]}`,
  ).join("\n");
  return `---\nid: ${key}\ntype: workplan\ndomain: bench\nrepo: bench/repo-${n % 10}\nstatus: ${STATUSES[n % STATUSES.length]}   # planned | active | blocked | completed\ntasks:\n${tasks}\ncreated: "2026-05-14"\n---\n\n# ${key}: Benchmark workplan number ${n}\n\nSome prose about why this workplan exists.\n`;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

/**
 * Runs the CLI through bash, whose `times` prints the CPU its children used: on a shared
 * machine the CPU seconds say more than the wall clock.
 */
function runCli(args, env, cwd) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const quoted = [process.execPath, BIN, ...args].map((arg) => `'${arg}'`).join(" ");
    const child = spawn("bash", ["-c", `${quoted} > "$REPORT"; code=$?; times >&2; exit $code`], {
      cwd,
      env: { PATH: process.env.PATH, REPORT: join(cwd, "report.json"), ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 600_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      // `times` prints the shell's user/system time, then its children's (the CLI's).
      const children = stderr.trim().split("\n").at(-1) ?? "";
      const cpu = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
        (sum, [, minutes, seconds]) => sum + Number(minutes) * 60 + Number(seconds),
        0,
      );
      const report =
        code === 0 || code === 1 ? JSON.parse(readFileSync(join(cwd, "report.json"), "utf8")) : undefined;
      resolve({ code, ms, cpu, report, stderr });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), "statehub-bench-sync-"));
const fresh = await createFreshDatabase();
let hub;
try {
  mkdirSync(join(dir, "workplans"));
  for (let n = 1; n <= FILES; n += 1) writeFileSync(join(dir, "workplans", `bench-wp-${n}.md`), workplan(n));
  hub = await startHub({
    env: { DATABASE_URL: fresh.url, PORT: String(await freePort()), LOG_LEVEL: "warn" },
  });
  const created = await fetch(`${hub.url}/trpc/domains.upsert`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ slug: "bench", name: "Bench" }),
  });
  if (!created.ok) throw new Error(`domains.upsert: ${created.status}`);

  const env = { STATEHUB_URL: hub.url };
  const args = ["sync", "--json", "--ref", "bench", "workplans"];
  const hubCpu0 = cpuSeconds(hub.pid);
  const first = await runCli(args, env, dir);
  const hubCpu1 = cpuSeconds(hub.pid);
  const resync = await runCli(args, env, dir);
  const hubCpu2 = cpuSeconds(hub.pid);
  first.hubCpu = hubCpu1 - hubCpu0;
  resync.hubCpu = hubCpu2 - hubCpu1;
  for (const [name, run, outcome] of [
    ["first", first, "created"],
    ["re-sync", resync, "unchanged"],
  ]) {
    const wrong = run.report?.files.filter((file) => file.outcome !== outcome) ?? [];
    if (run.code !== 0 || wrong.length > 0 || run.report.files.length !== FILES) {
      const example = wrong[0]
        ? `, e.g. ${wrong[0].path}: ${wrong[0].outcome} ${(wrong[0].problems ?? []).join("; ")}`
        : "";
      throw new Error(`${name} sync: exit ${run.code}, ${wrong.length} file(s) not ${outcome}${example}`);
    }
  }

  console.log(
    `bench:sync — ${FILES} workplans × ${TASKS} tasks, the CLI process end to end, hub on Postgres\n`,
  );
  printTable(
    [
      ["first sync (all created)", first, TARGETS.first],
      ["re-sync (all unchanged)", resync, TARGETS.resync],
    ].map(([what, run, target]) => ({
      what,
      seconds: fmt(run.ms / 1000, 2),
      "files/s": fmt(FILES / (run.ms / 1000), 0),
      target: `< ${target / 1000} s`,
      met: run.ms < target ? "yes" : "NO",
      "CLI CPU s": fmt(run.cpu, 2),
      "hub CPU s": fmt(run.hubCpu, 2),
    })),
  );
  console.log(
    `\nCPU seconds are load-independent; wall seconds include waiting for the cores (load average now ${loadavg()[0].toFixed(1)} on ${cpus().length} cores) and Postgres's own CPU, not shown.`,
  );
} finally {
  await hub?.stop();
  await fresh.drop();
  rmSync(dir, { recursive: true, force: true });
}
