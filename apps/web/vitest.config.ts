import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The browser suite starts a hub, a nats-server and Chromium: generous timeouts, one file at a time.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 1,
    // A page polls the hub every 3 s; what it shows may take a poll or two to change.
    expect: { poll: { timeout: 10_000, interval: 100 } },
  },
});
