// Packs the bundled bin as an npm package other repos' CI installs with npm and runs with only
// Node: `npm i -g ./statehub-workplans-<version>.tgz && statehub-workplans sync workplans/`.
// The package has no dependencies: everything is inside dist/statehub-workplans.mjs (see
// bundle.mjs). Usage: node scripts/pack.mjs [destination folder] (default: dist/). Prints the
// tarball's path.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const destination = resolve(process.argv[2] ?? join(root, "dist"));
const source = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const stage = mkdtempSync(join(tmpdir(), "statehub-workplans-pack-"));
try {
  const manifest = {
    name: source.name,
    version: source.version,
    description: source.description,
    type: "module",
    bin: { "statehub-workplans": "statehub-workplans.mjs" },
    files: ["statehub-workplans.mjs", "README.md"],
    engines: { node: ">=20.11" },
  };
  writeFileSync(join(stage, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  copyFileSync(join(root, "dist", "statehub-workplans.mjs"), join(stage, "statehub-workplans.mjs"));
  copyFileSync(join(root, "README.md"), join(stage, "README.md"));
  mkdirSync(destination, { recursive: true });
  const output = execFileSync("npm", ["pack", "--silent", "--pack-destination", destination], {
    cwd: stage,
    encoding: "utf8",
  });
  console.log(join(destination, output.trim().split("\n").at(-1)));
} finally {
  rmSync(stage, { recursive: true, force: true });
}
