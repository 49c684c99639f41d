import { defineConfig } from "vitest/config";

// What `pnpm run mutation` (Stryker) runs against the outbox's mutants: the suites next to it,
// one file at a time (each opens its own PGlite, ~750 MB), with room for a loaded machine.
export default defineConfig({
  test: {
    include: ["src/outbox/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
