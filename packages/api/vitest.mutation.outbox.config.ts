import { QuickFirstSequencer } from "@statehub/testing/mutation-sequencer";
import { defineConfig } from "vitest/config";

// What `stryker.outbox.config.json` (the second run of `pnpm run mutation`) runs against the
// mutants of src/outbox: the outbox's own suites only. The services' suites also write events,
// but every one of them covers the outbox, so each outbox mutant would run the whole package's
// suites (the main run did that until it took an hour); the score is therefore a lower bound.
// Postgres alone, like vitest.mutation.config.ts.
export default defineConfig({
  test: {
    sequence: { sequencer: QuickFirstSequencer },
    include: ["src/outbox/**/*.test.ts"],
    setupFiles: ["test/mutation-setup.ts"],
    fileParallelism: false,
    // Each test file empties a database earlier files released instead of copying the
    // template again (@statehub/testing reused-database.ts): a file runs once per mutant.
    env: { STATEHUB_TEST_DATABASE_REUSE: "1" },
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
