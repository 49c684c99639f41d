import { defineConfig } from "vitest/config";

// What `pnpm run mutation` (Stryker) runs against the mutants of src/outbox, src/services and
// src/domain: the suites next to them, one file at a time, with room for a loaded machine. The
// suites that run on both databases run on Postgres alone (test/mutation-setup.ts), so a
// mutation run needs DATABASE_URL.
export default defineConfig({
  test: {
    include: ["src/outbox/**/*.test.ts", "src/services/**/*.test.ts", "src/domain/**/*.test.ts"],
    setupFiles: ["test/mutation-setup.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
