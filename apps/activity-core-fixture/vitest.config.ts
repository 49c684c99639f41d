import { defineConfig } from "vitest/config";

// Suites start their own nats-server and a fresh Postgres database: give them room.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
