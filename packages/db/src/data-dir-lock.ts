import { randomUUID } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, join } from "node:path";
import {
  currentProcessIdentity,
  identityOf,
  type Liveness,
  liveness,
  type ProcessIdentity,
} from "./process-identity.js";

/**
 * PGlite is Postgres in one process, with no lock of its own on its data directory: two
 * processes on one directory both start and corrupt it. Whoever opens a directory takes this
 * lock first.
 *
 * The protocol needs no atomic "replace the lock only if it is still the stale one" (which a
 * single lock file would, and which files cannot do: unlink and rename act on names, so a slow
 * taker can remove a lock someone else took over a moment before). Instead:
 *
 * 1. Every opener announces itself with a claim file of its own, uniquely named
 *    (`<dir>/statehub.lock/<pid>-<uuid>.json`), written to a temporary name and renamed into
 *    place so it is never seen half-written. Only its owner writes it.
 * 2. It then reads every other claim. A claim whose process is gone (no such pid, a zombie,
 *    a pid reused by a process that started later, another boot) is stale and deleted: its
 *    name belongs to that dead process alone, so deleting it can never hit a live claim.
 * 3. If no live claim is left, the opener marks its claim `held` and owns the directory. Any
 *    live `held` claim, or a live claim that came first, means another process wins: the
 *    opener deletes its own claim and is refused. The first of several simultaneous claimants
 *    waits (bounded) for the later ones to withdraw.
 *
 * Safety: of two live processes, the one that reads the folder later sees the other's claim
 * (written before the other read), so at most one can find no rival. A claim is released on
 * close and on process exit; one left by a killed process is stale at the next open.
 *
 * Limits: liveness is judged by pid, so it needs the holder's pid namespace. A claim from
 * another host name is never judged stale (it is refused, naming its file); containers that
 * share a directory and a host name but not a pid namespace would not see each other.
 */
export const LOCK_FOLDER = "statehub.lock";

/** What a refused opener is told about the process holding the directory. */
export interface LockHolder {
  pid: number;
  host: string;
  /** Its command line. */
  command: string;
  /** When it claimed the directory (ISO 8601). */
  since: string;
  /** Where it serves, once it has said so (`DataDirLock.advertise`). */
  url?: string;
}

interface Claim extends ProcessIdentity, LockHolder {
  token: string;
  state: "claiming" | "held";
  /** Child processes working on the directory for the holder: the claim lives while any runs. */
  helpers?: ProcessIdentity[];
}

export const DATA_DIR_LOCKED = "STATEHUB_DATA_DIR_LOCKED";

/** Another process holds the data directory (or a claim on it cannot be read). */
export class DataDirLockedError extends Error {
  readonly code = DATA_DIR_LOCKED;
  readonly dataDir: string;
  /** The holder; undefined when its claim file cannot be read. */
  readonly holder: LockHolder | undefined;
  /** Whether the holder is known to run (false: on another host, so it could not be checked). */
  readonly holderChecked: boolean;
  /** The holder's claim file. */
  readonly claimPath: string;

  constructor(options: { dataDir: string; holder?: LockHolder; holderChecked?: boolean; claimPath: string }) {
    const { dataDir, holder, claimPath } = options;
    super(
      holder === undefined
        ? `the data directory ${dataDir} has a lock claim that cannot be read (${claimPath}); if no process uses the directory, delete that file and retry`
        : `the data directory ${dataDir} is in use by ${describeHolder(holder)}${options.holderChecked === false ? ` (on another host, so it cannot be checked from here; if it no longer runs, delete ${claimPath})` : ""}; only one process at a time may open it: stop that process first, or use it instead${holder.url ? ` (it serves ${holder.url})` : ""}`,
    );
    this.name = "DataDirLockedError";
    this.dataDir = dataDir;
    this.holder = holder;
    this.holderChecked = options.holderChecked ?? true;
    this.claimPath = claimPath;
  }
}

/** "pid 123 (node cli.js serve) on host since 2026-…" */
export function describeHolder(holder: LockHolder): string {
  return `pid ${holder.pid} (${holder.command}) on ${holder.host} since ${holder.since}`;
}

export interface DataDirLock {
  readonly dataDir: string;
  /** Records where this process serves, so that refused openers can be pointed at it. */
  advertise(details: { url: string }): void;
  /**
   * Records a child process that works on the directory for this holder. Call it before the
   * child touches the directory: the lock then stays held while the child runs, even if this
   * process dies first.
   */
  shareWith(pid: number): void;
  /** Gives the directory up (idempotent); also done on process exit. */
  release(): void;
}

export interface LockOptions {
  /** The command line recorded for refused openers; default: this process's. */
  command?: string;
  /** How long the first of several simultaneous claimants waits for the others to withdraw. */
  contentionWaitMs?: number;
}

/** Takes the exclusive lock on a data directory (created if missing), or throws DataDirLockedError. */
export async function lockDataDir(dataDir: string, options: LockOptions = {}): Promise<DataDirLock> {
  const folder = join(dataDir, LOCK_FOLDER);
  mkdirSync(folder, { recursive: true });
  removeAbandonedTemporaries(folder);
  const claim: Claim = {
    ...currentProcessIdentity(),
    token: randomUUID(),
    command: options.command ?? commandLine(),
    since: new Date().toISOString(),
    state: "claiming",
  };
  const path = join(folder, `${claim.pid}-${claim.token}.json`);
  writeClaim(path, claim);
  try {
    await waitForNoRival(dataDir, folder, claim, Date.now() + (options.contentionWaitMs ?? 3000));
    claim.state = "held";
    writeClaim(path, claim);
  } catch (error) {
    deleteQuietly(path);
    throw error;
  }

  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    deleteQuietly(path);
  };
  process.on("exit", release);
  return {
    dataDir,
    advertise({ url }) {
      if (released) return;
      claim.url = url;
      writeClaim(path, claim);
    },
    shareWith(pid) {
      if (released) throw new Error(`the lock on ${dataDir} was released`);
      claim.helpers = [...(claim.helpers ?? []), identityOf(pid)];
      writeClaim(path, claim);
    },
    release,
  };
}

async function waitForNoRival(dataDir: string, folder: string, own: Claim, deadline: number): Promise<void> {
  for (;;) {
    const rivals = liveRivals(dataDir, folder, own.token);
    if (rivals.length === 0) return;
    const winner =
      rivals.find((rival) => rival.claim.state === "held") ??
      rivals.find((rival) => comesFirst(rival.claim, own)) ??
      (Date.now() >= deadline ? rivals[0] : undefined);
    if (winner) {
      throw new DataDirLockedError({
        dataDir,
        holder: holderOf(winner.claim),
        holderChecked: winner.liveness === "alive",
        claimPath: winner.path,
      });
    }
    // Every rival came later and withdraws once it sees this claim.
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface Rival {
  claim: Claim;
  path: string;
  liveness: Liveness;
}

/** Every other claim whose process may still run; stale ones are deleted on the way. */
function liveRivals(dataDir: string, folder: string, ownToken: string): Rival[] {
  const rivals: Rival[] = [];
  for (const name of readdirSync(folder)) {
    if (!name.endsWith(".json") || name.endsWith(`-${ownToken}.json`)) continue;
    const path = join(folder, name);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue; // withdrawn meanwhile
      throw error;
    }
    const claim = parseClaim(text);
    if (claim === undefined) throw new DataDirLockedError({ dataDir, claimPath: path });
    const state = claimLiveness(claim);
    if (state === "dead") deleteQuietly(path);
    else rivals.push({ claim, path, liveness: state });
  }
  return rivals;
}

function claimLiveness(claim: Claim): Liveness {
  const owner = liveness(claim);
  if (owner !== "dead") return owner;
  return (claim.helpers ?? []).some((helper) => liveness(helper) !== "dead") ? "alive" : "dead";
}

/** A total order all claimants agree on: earlier claim first, the token breaking ties. */
function comesFirst(a: Claim, b: Claim): boolean {
  const at = Date.parse(a.since);
  const bt = Date.parse(b.since);
  return at !== bt ? at < bt : a.token < b.token;
}

function holderOf(claim: Claim): LockHolder {
  const { pid, host, command, since, url } = claim;
  return url === undefined ? { pid, host, command, since } : { pid, host, command, since, url };
}

function parseClaim(text: string): Claim | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const claim = value as Partial<Claim> | null;
  const valid =
    typeof claim === "object" &&
    claim !== null &&
    Number.isInteger(claim.pid) &&
    (claim.pid ?? 0) > 0 &&
    typeof claim.host === "string" &&
    typeof claim.token === "string" &&
    typeof claim.command === "string" &&
    typeof claim.since === "string" &&
    !Number.isNaN(Date.parse(claim.since)) &&
    (claim.state === "claiming" || claim.state === "held") &&
    (claim.processStart === undefined || typeof claim.processStart === "string") &&
    (claim.bootId === undefined || typeof claim.bootId === "string") &&
    (claim.url === undefined || typeof claim.url === "string") &&
    (claim.helpers === undefined ||
      (Array.isArray(claim.helpers) &&
        claim.helpers.every((helper) => Number.isInteger(helper?.pid) && typeof helper?.host === "string")));
  return valid ? (claim as Claim) : undefined;
}

/** Writes the whole claim under a temporary name, flushed, then renames it into place. */
function writeClaim(path: string, claim: Claim): void {
  const temporary = `${path}.tmp`;
  const fd = openSync(temporary, "w");
  try {
    writeSync(fd, `${JSON.stringify(claim, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/** A temporary lives for the moment between write and rename: an old one was left by a crash. */
function removeAbandonedTemporaries(folder: string): void {
  for (const name of readdirSync(folder)) {
    if (!name.endsWith(".tmp")) continue;
    const path = join(folder, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > 60_000) unlinkSync(path);
    } catch {
      // gone already
    }
  }
}

function deleteQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

function commandLine(): string {
  const line = [basename(process.execPath), ...process.argv.slice(1)].join(" ");
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
