/**
 * vitest `test` settings of the packages whose suites open PGlite: it takes ~3 s to start and
 * ~750 MB per instance, so one per file, generous timeouts, and no more files at once than a
 * 2-core machine runs well.
 */
export const PGLITE_SUITES = {
  include: ["src/**/*.test.ts", "test/**/*.test.ts"],
  testTimeout: 30_000,
  hookTimeout: 60_000,
  maxWorkers: 2,
};
