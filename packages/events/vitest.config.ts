import { defineConfig } from "vitest/config";

// Type-level assertions (expectTypeOf) live in ordinary test files: the `typecheck` task
// (tsc over src and test) is what fails on them, vitest only runs the runtime half.
export default defineConfig({
  test: { include: ["src/**/*.test.ts", "test/**/*.test.ts"] },
});
