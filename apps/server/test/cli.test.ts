import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CLI, runCli } from "./support/cli.js";

// A port nothing listens on: the connection is refused at once.
const UNREACHABLE = "postgres://statehub:hunter2-secret@127.0.0.1:1/statehub";

describe.runIf(existsSync(CLI))("the statehub CLI (dist/cli.js)", () => {
  it("prints help", async () => {
    const run = await runCli(["--help"], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("usage: statehub");
    expect(run.stdout).toContain("serve");
    expect(run.stdout).toContain("migrate");
  });

  it("rejects an unknown command with usage and exit code 2", async () => {
    const run = await runCli(["frobnicate"], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command "frobnicate"');
  });

  for (const command of ["migrate", "serve"]) {
    it(`${command} against an unreachable DATABASE_URL: one clear line, non-zero exit, no secret`, async () => {
      const run = await runCli([command], {
        DATABASE_URL: UNREACHABLE,
        STATEHUB_DB_CONNECT_TIMEOUT: "2",
        PORT: "0",
      });
      expect(run.code).not.toBe(0);
      const lines = run.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^statehub: cannot reach the database at postgres:\/\/statehub:\*\*\*@127\.0\.0\.1:1\/statehub \(check DATABASE_URL\)/,
      );
      expect(run.stderr + run.stdout).not.toContain("hunter2");
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it("refuses a bad configuration value, naming the variable", async () => {
    const run = await runCli(["serve"], { PORT: "eighty" });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      "statehub: invalid configuration: PORT must be an integer from 0 to 65535",
    );
    const url = await runCli(["migrate"], { DATABASE_URL: "mysql://root:pw@host/db" });
    expect(url.code).toBe(1);
    expect(url.stderr).toMatch(/DATABASE_URL must start with postgres:\/\//);
    expect(url.stderr).not.toContain("pw@");
  });

  it("refuses to bind beyond loopback without tokens", async () => {
    const run = await runCli(["serve"], { HOST: "0.0.0.0", PORT: "0" });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/refusing to listen on HOST=0\.0\.0\.0 without authentication/);
  });
});
