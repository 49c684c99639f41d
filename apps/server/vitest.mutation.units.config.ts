import { QuickFirstSequencer } from "@statehub/testing/mutation-sequencer";
import { defineConfig } from "vitest/config";

// What `stryker.units.config.json` runs against the mutants of the relay's pure modules (backoff,
// batch-report, failure-streak, refusal, wake-signal, relay-status): their unit tests only, a few
// milliseconds per mutant. The integration suites also run this code; a mutant only they would
// catch counts as survived here, so this score is a lower bound.
export default defineConfig({
  test: {
    sequence: { sequencer: QuickFirstSequencer },
    include: [
      "src/relay/backoff.test.ts",
      "src/relay/batch-report.test.ts",
      "src/relay/failure-streak.test.ts",
      "src/relay/refusal.test.ts",
      "src/relay/wake-signal.test.ts",
      "src/relay/metrics.test.ts",
    ],
    fileParallelism: false,
    testTimeout: 10_000,
  },
});
