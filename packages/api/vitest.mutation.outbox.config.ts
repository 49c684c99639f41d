import { defineConfig } from "vitest/config";

// What `stryker.outbox.config.json` runs against the mutants of src/outbox: the outbox's own
// suites only (the services' suites also write events, but running them per outbox mutant costs
// an hour; the score is therefore a lower bound). Postgres alone, like vitest.mutation.config.ts.
export default defineConfig({
  test: {
    include: ["src/outbox/**/*.test.ts"],
    setupFiles: ["test/mutation-setup.ts"],
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
