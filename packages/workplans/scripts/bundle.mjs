// Bundles the bin with everything it imports (the workspace's @statehub/client and
// @statehub/events, yaml, zod, the tRPC client) into one ES module: the packed package then
// installs and runs with only Node, in any repo's CI (`npm i -g statehub-workplans-*.tgz`).
import { chmodSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const outfile = fileURLToPath(new URL("../dist/statehub-workplans.mjs", import.meta.url));
await build({
  entryPoints: [fileURLToPath(new URL("../dist/bin.js", import.meta.url))],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  legalComments: "eof",
  // Smaller to parse and compile: start-up is a good part of a re-sync of unchanged files.
  minify: true,
  // yaml's Node build is CommonJS and requires Node's built-ins: give the ES module a require.
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
  },
  logLevel: "warning",
});
chmodSync(outfile, 0o755);
