import { vi } from "vitest";

// Loaded only by vitest.mutation.config.ts. A mutation run repeats the covering tests once per
// mutant; the suites that run on both databases (databaseTargets) run on Postgres alone there:
// a PGlite instance costs ~3 s and ~750 MB, and no mutant in src behaves differently on it (the
// services speak SQL through drizzle either way). The ordinary test run keeps both databases.
vi.mock("../src/testing/databases.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../src/testing/databases.js")>();
  return {
    ...actual,
    databaseTargets: () => {
      if (!process.env.DATABASE_URL) throw new Error("mutation runs need DATABASE_URL (Postgres)");
      return actual.databaseTargets().filter((target) => target.name === "postgres");
    },
  };
});
