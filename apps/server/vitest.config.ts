import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      // The API tests drive the server through the real typed client. It is resolved from
      // source, because a package dependency server → client would close a cycle
      // (the client depends on the server for its types).
      "@statehub/client": fileURLToPath(new URL("../../packages/client/src/index.ts", import.meta.url)),
    },
  },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // PGlite takes ~3 s to start and ~750 MB per instance: one per file, generous timeouts,
    // and no more files at once than this 2-core machine runs well.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});
