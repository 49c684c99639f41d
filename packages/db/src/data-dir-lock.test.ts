import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { requireService } from "@statehub/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  DATA_DIR_LOCKED,
  type DataDirLock,
  DataDirLockedError,
  LOCK_FOLDER,
  lockDataDir,
} from "./data-dir-lock.js";

let dir: string;
const held: DataDirLock[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "statehub-lock-"));
});
afterEach(() => {
  for (const lock of held.splice(0)) lock.release();
  rmSync(dir, { recursive: true, force: true });
});

async function lock(options?: Parameters<typeof lockDataDir>[1]): Promise<DataDirLock> {
  const taken = await lockDataDir(dir, options);
  held.push(taken);
  return taken;
}

async function refusal(promise: Promise<unknown>): Promise<DataDirLockedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataDirLockedError);
  return error as DataDirLockedError;
}

const claimFiles = () => readdirSync(join(dir, LOCK_FOLDER)).filter((name) => name.endsWith(".json"));

/** A claim file as another process would have left it (the on-disk format of the lock). */
function plantClaim(fields: { pid: number } & Record<string, unknown>): string {
  mkdirSync(join(dir, LOCK_FOLDER), { recursive: true });
  const token = randomUUID();
  const claim = {
    host: hostname(),
    command: "node old-hub.js serve",
    since: "2026-01-01T00:00:00.000Z",
    state: "held",
    token,
    ...fields,
  };
  const name = `${fields.pid}-${token}.json`;
  writeFileSync(join(dir, LOCK_FOLDER, name), JSON.stringify(claim));
  return name;
}

/** The pid of a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid!;
}

function ownStartTime(): string {
  const stat = readFileSync(`/proc/${process.pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]!;
}
const hasProc = existsSync(`/proc/${process.pid}/stat`);

describe("lockDataDir", () => {
  it("refuses a second opener at once, naming the holder", async () => {
    await lock({ command: "node cli.js serve" });
    const started = Date.now();
    const error = await refusal(lockDataDir(dir, { command: "node cli.js tasks stale" }));
    expect(Date.now() - started).toBeLessThan(2000); // no waiting for a held lock
    expect(error.code).toBe(DATA_DIR_LOCKED);
    expect(error.holder).toMatchObject({ pid: process.pid, command: "node cli.js serve", host: hostname() });
    expect(Date.parse(error.holder!.since)).toBeGreaterThan(started - 60_000);
    expect(error.message).toContain(`pid ${process.pid} (node cli.js serve)`);
    expect(error.message).toMatch(/stop that process first/);
    expect(claimFiles()).toHaveLength(1); // the refused opener withdrew its claim
  });

  it("names where the holder serves once it said so", async () => {
    const holder = await lock();
    holder.advertise({ url: "http://127.0.0.1:4000" });
    const error = await refusal(lockDataDir(dir));
    expect(error.holder?.url).toBe("http://127.0.0.1:4000");
    expect(error.message).toContain("it serves http://127.0.0.1:4000");
  });

  it("is released on release(), and can be taken again", async () => {
    const first = await lockDataDir(dir);
    first.release();
    first.release(); // idempotent
    expect(claimFiles()).toHaveLength(0);
    await lock();
    expect(claimFiles()).toHaveLength(1);
  });

  it("takes over the lock of a process that no longer runs", async () => {
    const stale = plantClaim({ pid: await deadPid() });
    await lock();
    expect(claimFiles()).not.toContain(stale);
    expect(claimFiles()).toHaveLength(1);
  });

  it.runIf(hasProc)("takes over a lock whose pid now belongs to a process started later", async () => {
    // The pid is alive (ours), but its start time is not the one recorded: the pid was reused.
    const reused = plantClaim({ pid: process.pid, processStart: "1" });
    await lock();
    expect(claimFiles()).not.toContain(reused);
  });

  it.runIf(hasProc)("keeps a lock whose pid and start time still match", async () => {
    plantClaim({ pid: process.pid, processStart: ownStartTime(), command: "node other.js" });
    const error = await refusal(lockDataDir(dir));
    expect(error.holder?.command).toBe("node other.js");
  });

  it.runIf(hasProc)("takes over a lock of another boot", async () => {
    const stale = plantClaim({ pid: process.pid, bootId: "00000000-0000-0000-0000-000000000000" });
    await lock();
    expect(claimFiles()).not.toContain(stale);
  });

  it("keeps a lock while a helper process it shares with still runs", async () => {
    const helper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    await new Promise((resolve) => helper.once("spawn", resolve));
    try {
      plantClaim({ pid: await deadPid(), helpers: [{ pid: helper.pid, host: hostname() }] });
      await refusal(lockDataDir(dir));
    } finally {
      helper.kill("SIGKILL");
      await new Promise((resolve) => helper.once("exit", resolve));
    }
    await lock(); // the helper is gone too: stale
  });

  it("refuses when the holder is on another host (it cannot be checked), saying so", async () => {
    const claim = plantClaim({ pid: 4242, host: "some-other-host" });
    const error = await refusal(lockDataDir(dir));
    expect(error.holderChecked).toBe(false);
    expect(error.message).toContain("some-other-host");
    expect(error.message).toContain(claim);
    expect(claimFiles()).toContain(claim);
  });

  it("refuses on a claim it cannot read, and leaves it for a person to judge", async () => {
    mkdirSync(join(dir, LOCK_FOLDER), { recursive: true });
    writeFileSync(join(dir, LOCK_FOLDER, "123-garbled.json"), "{ not json");
    const error = await refusal(lockDataDir(dir));
    expect(error.holder).toBeUndefined();
    expect(error.claimPath).toContain("123-garbled.json");
    expect(error.message).toMatch(/cannot be read/);
    expect(claimFiles()).toEqual(["123-garbled.json"]);
  });

  it("gives a stale lock to exactly one of two simultaneous takers in one process", async () => {
    plantClaim({ pid: await deadPid() });
    const results = await Promise.allSettled([lockDataDir(dir), lockDataDir(dir)]);
    const won = results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
    held.push(...won);
    expect(won).toHaveLength(1);
    const lost = results.find((result) => result.status === "rejected");
    expect((lost as PromiseRejectedResult).reason).toBeInstanceOf(DataDirLockedError);
    expect(claimFiles()).toHaveLength(1);
  });
});

// Processes of their own, as the hub's commands are: these run the built module (dist/).
const BUILT = fileURLToPath(new URL("../dist/data-dir-lock.js", import.meta.url));
const CONTENDER = `
const { lockDataDir } = await import(process.argv[1]);
const [dir, name] = process.argv.slice(2);
process.stdout.write("ready\\n");
await new Promise((resolve) => process.stdin.once("data", resolve));
try {
  await lockDataDir(dir, { command: name });
  process.stdout.write(JSON.stringify({ won: true }) + "\\n");
  await new Promise((resolve) => process.stdin.once("end", resolve)); // hold until told
  process.exit(0); // released by the exit hook, not by release()
} catch (error) {
  process.stdout.write(JSON.stringify({ won: false, code: error.code, holderPid: error.holder?.pid }) + "\\n");
  process.exit(0);
}
`;

interface Contender {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  nextLine(): Promise<string>;
}

function startContender(name: string): Contender {
  const child = spawn(
    process.execPath,
    ["--input-type=module", "-e", CONTENDER, pathToFileURL(BUILT).href, dir, name],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  const lines: string[] = [];
  let buffered = "";
  let waiter: (() => void) | undefined;
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    lines.push(...parts);
    waiter?.();
  });
  return {
    child,
    lines,
    async nextLine() {
      const deadline = Date.now() + 20_000;
      while (lines.length === 0) {
        if (child.exitCode !== null) throw new Error(`${name} exited early: ${stderr}`);
        if (Date.now() > deadline) throw new Error(`${name} said nothing: ${stderr}`);
        await new Promise<void>((resolve) => {
          waiter = resolve;
          setTimeout(resolve, 100);
        });
      }
      return lines.shift()!;
    },
  };
}

const exited = (child: ChildProcessWithoutNullStreams) =>
  child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", resolve));

describe.runIf(
  requireService("built @statehub/db", existsSync(BUILT), `${BUILT} is missing (build the package)`),
)("lockDataDir across processes", () => {
  it("gives a stale lock to exactly one of several processes taking it over at once", async () => {
    const stale = plantClaim({ pid: await deadPid() });
    const contenders = ["a", "b", "c", "d"].map((name) => startContender(`contender ${name}`));
    try {
      for (const contender of contenders) expect(await contender.nextLine()).toBe("ready");
      for (const contender of contenders) contender.child.stdin.write("go\n");
      const results = await Promise.all(
        contenders.map(async (contender) => ({
          pid: contender.child.pid,
          ...(JSON.parse(await contender.nextLine()) as { won: boolean; code?: string; holderPid?: number }),
        })),
      );
      const winners = results.filter((result) => result.won);
      expect(winners).toHaveLength(1);
      for (const loser of results.filter((result) => !result.won)) {
        expect(loser.code).toBe(DATA_DIR_LOCKED);
      }
      // Whoever the losers name, the one claim left is the winner's.
      expect(claimFiles()).toEqual([expect.stringMatching(new RegExp(`^${winners[0]!.pid}-`))]);
      expect(claimFiles()).not.toContain(stale);
    } finally {
      for (const contender of contenders) contender.child.stdin.end();
      await Promise.all(contenders.map((contender) => exited(contender.child)));
    }
    expect(claimFiles()).toEqual([]); // the winner's exit released it
  });

  it("takes over from a holder killed with SIGKILL", async () => {
    const holder = startContender("holder");
    try {
      expect(await holder.nextLine()).toBe("ready");
      holder.child.stdin.write("go\n");
      expect(JSON.parse(await holder.nextLine())).toEqual({ won: true });
      const error = await refusal(lockDataDir(dir));
      expect(error.holder?.pid).toBe(holder.child.pid);
      expect(error.holder?.command).toBe("holder");
    } finally {
      holder.child.kill("SIGKILL");
      await exited(holder.child);
    }
    expect(claimFiles()).toHaveLength(1); // SIGKILL ran no exit hook: the claim is left behind
    await lock();
    expect(claimFiles()).toHaveLength(1);
    expect(claimFiles()[0]).toMatch(new RegExp(`^${process.pid}-`));
  });
});
