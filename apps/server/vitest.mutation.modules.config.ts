import { QuickFirstSequencer } from "@statehub/testing/mutation-sequencer";
import { defineConfig } from "vitest/config";

// What `stryker.modules.config.json` runs against the mutants of the relay's connection-side
// modules (stream, nats-connection, worker) and the retention job: their own suites (a real
// nats-server and Postgres, about a second each). The relay suites also run this code but cost
// ~40 s per mutant; a mutant only they would catch counts as survived here (a lower bound).
export default defineConfig({
  test: {
    sequence: { sequencer: QuickFirstSequencer },
    include: [
      "src/relay/stream.test.ts",
      "src/relay/nats-connection.test.ts",
      "src/relay/worker.test.ts",
      "src/jobs/outbox-retention.test.ts",
    ],
    fileParallelism: false,
    // Each test file empties a database earlier files released instead of copying the
    // template again (@statehub/testing reused-database.ts): a file runs once per mutant.
    env: { STATEHUB_TEST_DATABASE_REUSE: "1" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
