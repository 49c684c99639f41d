import fc from "fast-check";

// Loaded only by vitest.mutation.config.ts: a mutation run repeats the covering tests once per
// mutant, so property tests draw 10 cases there instead of fast-check's 100 (an explicit numRuns
// still wins). The ordinary test run keeps the full count.
fc.configureGlobal({ numRuns: 10 });
