import { QuickFirstSequencer } from "@statehub/testing/mutation-sequencer";
import { defineConfig } from "vitest/config";

// What `stryker.config.json` (the relay's loop, publisher and JetStream target) runs against their mutants: the
// relay's own suites against a real nats-server and Postgres, one file at a time. Each suite
// starts its nats-server once (beforeAll) and its tests take a second or a few; a mutant that
// makes a test hang is cut off by Stryker's timeout and counts as detected. The suites under
// test/events (more of the same end to end) are left out to keep a run under half an hour, and
// so are the suites that start the built hub as a child process (they cannot see a mutant in
// src): the score is a lower bound. The relay's pure modules and its connection-side
// modules have their own, faster runs (stryker.units.config.json, stryker.modules.config.json).
export default defineConfig({
  test: {
    sequence: { sequencer: QuickFirstSequencer },
    include: [
      "src/relay/relay.test.ts",
      "src/relay/relay-lifecycle.test.ts",
      "src/relay/relay-reports.test.ts",
      "src/relay/failures.test.ts",
      "src/relay/refusals.test.ts",
      "src/relay/claim-ahead.perf-guard.test.ts",
      "src/relay/database-outage.test.ts",
      "src/relay/stream-lost.test.ts",
      "src/relay/streak-ends-on-success.test.ts",
      // claim-ahead-pglite.test.ts is left out: ~14 s of PGlite start-up per run for the one
      // mutant it kills (mayClaimAhead's kind === "postgres" → true), checked by hand.
    ],
    fileParallelism: false,
    // Each test file empties a database earlier files released instead of copying the
    // template again (@statehub/testing reused-database.ts): a file runs once per mutant.
    env: { STATEHUB_TEST_DATABASE_REUSE: "1" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
