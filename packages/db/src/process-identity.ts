import { readFileSync } from "node:fs";
import { hostname } from "node:os";

/**
 * Who a process is, in terms another process on the same host can check later: a pid alone is
 * not enough, because pids are reused (after a reboot, or once the counter wraps).
 */
export interface ProcessIdentity {
  pid: number;
  host: string;
  /** Linux: the process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat). */
  processStart?: string;
  /** Linux: this boot's id (/proc/sys/kernel/random/boot_id); pids of another boot mean nothing. */
  bootId?: string;
}

export type Liveness = "alive" | "dead" | "unknown";

export function currentProcessIdentity(): ProcessIdentity {
  return identityOf(process.pid);
}

/** The identity of a process of this host (e.g. a child just spawned). */
export function identityOf(pid: number): ProcessIdentity {
  return { pid, host: hostname(), processStart: procStat(pid)?.start, bootId: currentBootId() };
}

/**
 * Whether the process an identity names still runs. `unknown` when it cannot be told from
 * here (another host): callers must then treat it as alive.
 */
export function liveness(identity: ProcessIdentity): Liveness {
  if (identity.host !== hostname()) return "unknown";
  const bootId = currentBootId();
  if (identity.bootId !== undefined && bootId !== undefined && identity.bootId !== bootId) return "dead";
  try {
    process.kill(identity.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user, so it is alive.
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return "dead";
  }
  const stat = procStat(identity.pid);
  if (stat === undefined) return "alive"; // no /proc (not Linux, or hidden): the pid is all we have
  // A zombie has exited and released everything; it only waits for its parent to reap it.
  if (stat.state === "Z" || stat.state === "X") return "dead";
  if (identity.processStart !== undefined && stat.start !== identity.processStart) return "dead"; // pid reused
  return "alive";
}

function procStat(pid: number): { state: string; start: string } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // Field 2, the command name, is in parentheses and may itself hold spaces and ')'.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const state = fields[0]; // field 3
  const start = fields[19]; // field 22
  return state === undefined || start === undefined ? undefined : { state, start };
}

let bootIdCache: string | null | undefined;
function currentBootId(): string | undefined {
  if (bootIdCache === undefined) {
    try {
      bootIdCache = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    } catch {
      bootIdCache = null;
    }
  }
  return bootIdCache ?? undefined;
}
