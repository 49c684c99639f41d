// What every bench prints the same way: the machine's load, medians with their spread over
// rounds, the CPU time a process spent (a figure that, unlike req/s, barely moves when other
// work shares the cores), and which built server is compared with which.
import { readdirSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { fmt, knobText } from "./common.mjs";

/** "load 1/5/15 min 3.1 2.4 1.9 on 2 cores" */
export function loadLine() {
  const [one, five, fifteen] = loadavg();
  return `load average ${fmt(one, 1)} ${fmt(five, 1)} ${fmt(fifteen, 1)} (1/5/15 min) on ${cpus().length} cores`;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** "0.47 (0.45–0.52)": median, then min–max over the rounds. */
export function medianSpread(values, digits = 2) {
  if (values.length === 0) return "–";
  if (values.length === 1) return fmt(values[0], digits);
  return `${fmt(median(values), digits)} (${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)})`;
}

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on Linux everywhere Node runs

/** User + system CPU seconds a process (all its threads) has used so far, from /proc. */
export function cpuSecondsOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/**
 * User + system CPU seconds the machine's Postgres server has used so far: every live `postgres`
 * process, plus what the postmaster collected from the backends that already exited (their
 * time moves to its cutime/cstime). A bench runs its targets one at a time against one server,
 * so the difference over a load is that load's database work (background writers included, a
 * few ms per second).
 */
export function postgresCpuSeconds() {
  return commandCpuSeconds("postgres");
}

/** The same for every `nats-server` process (the bench's own server; an idle shared one adds ~0). */
export function natsServerCpuSeconds() {
  return commandCpuSeconds("nats-server");
}

function commandCpuSeconds(command) {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry, command);
    if (!fields) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
    // The top process of the command: add the time of its children that exited.
    if (!statFields(fields[1], command)) ticks += Number(fields[13]) + Number(fields[14]);
  }
  return ticks / TICKS_PER_SECOND;
}

/** /proc/<pid>/stat's fields after the command name, if that process runs `command`. */
function statFields(pid, command) {
  let stat;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined; // gone meanwhile
  }
  if (stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) !== command) return undefined;
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** This process's user + system CPU seconds so far (finer than /proc's 10 ms ticks). */
export function ownCpuSeconds() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/**
 * The other built server to compare with, from BENCH_COMPARE_DIST (a path to another checkout's
 * apps/server/dist, built with its own packages): before and after in the same run, alternating.
 */
export function compareDist() {
  const dist = knobText("BENCH_COMPARE_DIST");
  if (!dist) return undefined;
  return dist.replace(/\/+$/, "");
}

export const OWN_DIST = fileURLToPath(new URL("../../apps/server/dist", import.meta.url));
