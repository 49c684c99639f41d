// Preloaded into a hub process (`node --import <this file> …/cli.js serve`) by
// bench/output-validation/run.mjs: removes tRPC's output-validation middleware from every
// procedure of the router, so the bench can compare the hub with and without it in one run.
// Benchmark-only: nothing in the hub can switch output validation off.
//
// It works because tRPC reads a procedure's middleware list at call time, and the hub imports
// the very same @statehub/api module instance (same file URL) that this preload patches.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const fromServer = createRequire(new URL("../../apps/server/package.json", import.meta.url));
const { appRouter } = await import(pathToFileURL(fromServer.resolve("@statehub/api")).href);

let removed = 0;
for (const procedure of Object.values(appRouter._def.procedures)) {
  const middlewares = procedure._def.middlewares;
  for (let i = middlewares.length - 1; i >= 0; i -= 1) {
    if (middlewares[i]._type === "output") {
      middlewares.splice(i, 1);
      removed += 1;
    }
  }
}
if (removed === 0) throw new Error("no output-validation middleware found: tRPC's internals changed");
