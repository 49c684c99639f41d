import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("defaults to embedded PGlite on loopback with auth and publishing off", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databaseUrl: undefined,
      host: "127.0.0.1",
      port: 4000,
      apiTokens: [],
      nats: undefined,
      staleCron: undefined,
      staleDays: 14,
      outboxRetentionDays: 7,
    });
  });

  it("accepts a cron expression for the stale schedule", () => {
    expect(loadConfig({ STATEHUB_STALE_CRON: "0 6 * * *" }).staleCron).toBe("0 6 * * *");
  });

  it.each([
    ["STATEHUB_STALE_CRON", "every morning"],
    ["STATEHUB_STALE_DAYS", "0"],
    ["STATEHUB_OUTBOX_RETENTION_DAYS", "seven"],
    ["PORT", "70000"],
  ])("refuses %s=%s with one message naming the variable", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^invalid configuration: ${name} `));
  });
});
