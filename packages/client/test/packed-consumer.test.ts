import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Other repositories consume two packages of this monorepo: activity-core imports
// @statehub/events, teams import @statehub/client. This packs them (with the packages the
// client's router types come from) into tarballs, installs them with plain npm into scratch
// projects outside the monorepo, and type-checks a small consumer of each with TypeScript 5.x
// and with the workspace's TypeScript 7. A workspace path or an unpacked file in a published
// type shows up here as an error.

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../../..");
const TYPESCRIPT_5 = "5.9.3";
const tsc7 = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin/tsc");

let scratch: string;
const tarballs: Record<string, string> = {};

async function pack(pkg: string): Promise<void> {
  const destination = join(scratch, "tarballs");
  await run(
    "node",
    ["scripts/pnpm.mjs", "-C", `packages/${pkg}`, "pack", "--pack-destination", destination],
    {
      cwd: root,
    },
  );
  const file = readdirSync(destination).find((name) => name.startsWith(`statehub-${pkg}-`));
  if (!file) throw new Error(`pnpm pack wrote no tarball for ${pkg}`);
  tarballs[pkg] = `file:${join(destination, file)}`;
}

async function project(name: string, consumer: string, dependencies: Record<string, string>, overrides = {}) {
  const dir = join(scratch, name);
  mkdirSync(dir);
  const manifest = {
    name: `scratch-${name}`,
    private: true,
    type: "module",
    dependencies: { ...dependencies, typescript: TYPESCRIPT_5, "@types/node": "20.19.0" },
    overrides,
  };
  writeFileSync(join(dir, "package.json"), JSON.stringify(manifest, null, 2));
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ["node"],
      },
      files: ["consumer.ts"],
    }),
  );
  copyFileSync(join(here, "packed", consumer), join(dir, "consumer.ts"));
  // A clean npm, outside the workspace: no pnpm, no workspace protocol, no hoisted links.
  await run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], {
    cwd: dir,
    env: { ...process.env, npm_config_workspaces: "false" },
  });
  return dir;
}

async function typecheck(dir: string, compiler: "5" | "7"): Promise<string> {
  const [command, args] =
    compiler === "5" ? [join(dir, "node_modules/.bin/tsc"), ["-p", dir]] : ["node", [tsc7, "-p", dir]];
  try {
    await run(command, args, { cwd: dir });
    return "ok";
  } catch (error) {
    return `${(error as { stdout?: string }).stdout ?? ""}${(error as Error).message}`;
  }
}

describe("packed packages in a project outside the monorepo", { timeout: 300_000 }, () => {
  let eventsProject: string;
  let clientProject: string;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), "statehub-packed-"));
    for (const pkg of ["events", "db", "api", "client"]) await pack(pkg);
    [eventsProject, clientProject] = await Promise.all([
      project("events", "events-consumer.ts", { "@statehub/events": tarballs.events! }),
      project(
        "client",
        "client-consumer.ts",
        { "@statehub/client": tarballs.client! },
        {
          "@statehub/api": tarballs.api!,
          "@statehub/db": tarballs.db!,
          "@statehub/events": tarballs.events!,
        },
      ),
    ]);
  }, 600_000);

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }, 60_000);

  it.each(["5", "7"] as const)(
    "a typed consumer of @statehub/events compiles with TypeScript %s",
    async (tsc) => {
      expect(await typecheck(eventsProject, tsc)).toBe("ok");
    },
  );

  it.each(["5", "7"] as const)(
    "a typed consumer of @statehub/client compiles with TypeScript %s",
    async (tsc) => {
      expect(await typecheck(clientProject, tsc)).toBe("ok");
    },
  );

  it("the client's tarball holds only its build, no sources or workspace references", async () => {
    const { stdout } = await run("tar", ["tzf", tarballs.client!.slice("file:".length)]);
    const files = stdout.trim().split("\n");
    expect(
      files.every(
        (file) =>
          file === "package/package.json" || file.startsWith("package/dist/") || file === "package/README.md",
      ),
    ).toBe(true);
    const { stdout: manifest } = await run("tar", [
      "xzf",
      tarballs.client!.slice("file:".length),
      "-O",
      "package/package.json",
    ]);
    expect(manifest).not.toContain("workspace:");
    expect(manifest).not.toContain("catalog:");
  });
});
