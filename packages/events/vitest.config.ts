import { defineConfig } from "vitest/config";

// Type-level assertions (expectTypeOf) live in ordinary test files: the `typecheck` task
// (tsc over src and test) is what fails on them, vitest only runs the runtime half.
// The property tests are CPU-bound: alone they take about a second each, but CI runs every
// package's suite at once on two cores, where vitest's 5 s default timed them out.
export default defineConfig({
  test: { include: ["src/**/*.test.ts", "test/**/*.test.ts"], testTimeout: 30_000 },
});
