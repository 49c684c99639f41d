import { defineConfig } from "vitest/config";

// PGlite takes ~3 s to start and ~750 MB per instance: one per file, generous timeouts.
export default defineConfig({
  test: { include: ["src/**/*.test.ts"], testTimeout: 30_000, hookTimeout: 60_000 },
});
