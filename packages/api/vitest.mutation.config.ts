import { QuickFirstSequencer } from "@statehub/testing/mutation-sequencer";
import { defineConfig } from "vitest/config";

// What `stryker.config.json` (the first run of `pnpm run mutation`) runs against the mutants of
// src/services and src/domain: the suites next to them and the outbox's (which also call the
// services), one file at a time, with room for a loaded machine. Stryker runs only the tests
// that cover a mutant. src/outbox's own mutants run in stryker.outbox.config.json. No suite here
// starts a process. Module isolation stays on: without it (tried, 77 mutants) the tests ran
// 2.5 times slower in Stryker's worker and the run took longer. The suites that run on both
// databases run on Postgres alone (test/mutation-setup.ts), so a mutation run needs DATABASE_URL.
export default defineConfig({
  test: {
    sequence: { sequencer: QuickFirstSequencer },
    include: ["src/outbox/**/*.test.ts", "src/services/**/*.test.ts", "src/domain/**/*.test.ts"],
    setupFiles: ["test/mutation-setup.ts"],
    fileParallelism: false,
    // Each test file empties a database earlier files released instead of copying the
    // template again (@statehub/testing reused-database.ts): a file runs once per mutant.
    env: { STATEHUB_TEST_DATABASE_REUSE: "1" },
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
