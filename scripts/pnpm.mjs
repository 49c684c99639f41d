#!/usr/bin/env node
// Runs the pinned pnpm (the root package.json's packageManager) on a machine that has only
// Node and npm: a global pnpm of the right version is used when present, npx fetches it otherwise.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const root = new URL("../", import.meta.url);
const { packageManager } = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));
const version = packageManager.replace(/^pnpm@/, "");

function installedVersion() {
  try {
    return execFileSync("pnpm", ["--version"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return undefined;
  }
}

const args = process.argv.slice(2);
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", COREPACK_ENABLE_STRICT: "0" };
const [cmd, cmdArgs] =
  installedVersion() === version ? ["pnpm", args] : ["npx", ["--yes", `pnpm@${version}`, ...args]];
const result = spawnSync(cmd, cmdArgs, { stdio: "inherit", env, cwd: root });
process.exit(result.status ?? 1);
