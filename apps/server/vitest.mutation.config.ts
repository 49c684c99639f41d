import { defineConfig } from "vitest/config";

// What `pnpm run mutation` (Stryker) runs against the relay's mutants: the suites that run a
// relay in this process, one file at a time, with room for a loaded machine. Suites that start
// the hub or the CLI as a child process (test/faults, test/cli*.test.ts, test/outbox-cli.test.ts,
// test/security/secrets-not-leaked.test.ts) run the built dist/, which Stryker does not mutate,
// so they cannot kill a mutant: they are left out.
export default defineConfig({
  test: {
    include: [
      "src/relay/**/*.test.ts",
      "src/jobs/outbox-retention.test.ts",
      "test/events/*.test.ts",
      "test/outbox-api.test.ts",
    ],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
