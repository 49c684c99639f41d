import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // PGlite takes ~3 s to start and ~750 MB per instance: one per file, generous timeouts,
    // and no more files at once than this 2-core machine runs well.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});
