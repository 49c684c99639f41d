import { QuickFirstSequencer } from "@statehub/testing/mutation-sequencer";
import { defineConfig } from "vitest/config";

// What `stryker.lifecycle.config.json` runs against the mutants of the relay's life cycle
// (relay.ts outside its drain loop: options, start, stop, status, settle): the two relay suites
// that start, report and stop relays (about 10 s), and settle.test.ts (what settle() does beside
// the marks, and the wake-up it leaves: a few seconds), not the failure and refusal suites (another
// 15 s per mutant). A mutant only those would catch counts as survived: a lower bound.
export default defineConfig({
  test: {
    sequence: { sequencer: QuickFirstSequencer },
    include: ["src/relay/relay.test.ts", "src/relay/relay-lifecycle.test.ts", "src/relay/settle.test.ts"],
    fileParallelism: false,
    // Each test file empties a database earlier files released instead of copying the
    // template again (@statehub/testing reused-database.ts): a file runs once per mutant.
    env: { STATEHUB_TEST_DATABASE_REUSE: "1" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
