import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, requireService } from "@statehub/testing";

const DEBIAN_PG = "/usr/lib/postgresql";

// PG_BIN, or the newest Debian PostgreSQL install: the server's major version is the machine's.
function defaultPgBin(): string {
  const versions = existsSync(DEBIAN_PG) ? readdirSync(DEBIAN_PG).filter((v) => /^\d+$/.test(v)) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0] ?? "15";
  return join(DEBIAN_PG, newest, "bin");
}

const PG_BIN = process.env.PG_BIN ?? defaultPgBin();
const SYSTEM_USER = "postgres";

/** True when a test may run a Postgres cluster of its own (initdb and pg_ctl are installed). */
export function postgresClusterAvailable(): boolean {
  return requireService(
    "Postgres binaries",
    existsSync(join(PG_BIN, "initdb")) && existsSync(join(PG_BIN, "pg_ctl")),
    `no initdb/pg_ctl in ${PG_BIN} (set PG_BIN)`,
  );
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a Postgres binary; as root, as the postgres user (pg_ctl and initdb refuse root). */
function runPg(binary: string, args: string[]): void {
  const path = join(PG_BIN, binary);
  if (isRoot()) execFileSync("runuser", ["-u", SYSTEM_USER, "--", path, ...args], { stdio: "pipe" });
  else execFileSync(path, args, { stdio: "pipe" });
}

/**
 * A throwaway Postgres cluster on its own port and data directory, so a test can stop it
 * abruptly (an outage, or a crash) and start it again without touching the shared server.
 */
export class PostgresCluster {
  readonly port: number;
  private readonly dir: string;

  private constructor(port: number, dir: string) {
    this.port = port;
    this.dir = dir;
  }

  static async create(): Promise<PostgresCluster> {
    const dir = mkdtempSync(join(tmpdir(), "statehub-pg-"));
    if (isRoot()) execFileSync("chown", [SYSTEM_USER, dir]);
    const cluster = new PostgresCluster(await freePort(), dir);
    // No fsync: the test is about connections going away, not about the disk.
    runPg("initdb", ["-D", cluster.dataDir, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
    cluster.start();
    return cluster;
  }

  private get dataDir(): string {
    return join(this.dir, "data");
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  start(): void {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    runPg("pg_ctl", [
      "-D",
      this.dataDir,
      "-o",
      options,
      "-l",
      join(this.dir, "log"),
      "-w",
      "-t",
      "30",
      "start",
    ]);
  }

  /** Stops at once: every connection is cut, as in a crash or a failover. */
  stop(): void {
    runPg("pg_ctl", ["-D", this.dataDir, "-m", "immediate", "-w", "-t", "30", "stop"]);
  }

  dispose(): void {
    try {
      this.stop();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
