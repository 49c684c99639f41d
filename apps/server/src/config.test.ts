import { describe, expect, it } from "vitest";
import { ConfigError, describeConfig, loadConfig } from "./config.js";

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

  it("reads STATEHUB_ALLOWED_HOSTS as canonical names; empty entries are ignored", () => {
    expect(loadConfig({}).allowedHosts).toEqual([]);
    expect(
      loadConfig({ STATEHUB_ALLOWED_HOSTS: " Hub.Example.Internal , 10.0.0.5,,fd00::5 " }).allowedHosts,
    ).toEqual(["hub.example.internal", "10.0.0.5", "[fd00::5]"]);
  });

  it.each(["http://hub.example.internal", "hub.example.internal:4000", "*.example.internal", "10.1"])(
    "refuses STATEHUB_ALLOWED_HOSTS=%s, naming the variable and the entry",
    (value) => {
      expect(() => loadConfig({ STATEHUB_ALLOWED_HOSTS: value })).toThrow(
        new RegExp(
          `^invalid configuration: STATEHUB_ALLOWED_HOSTS entry "${value.replace(/[.*]/g, "\\$&")}" is not a host name`,
        ),
      );
    },
  );

  it("describes itself without secrets, every server of a NATS list included", () => {
    const described = describeConfig(
      loadConfig({
        DATABASE_URL: "postgres://app:db-s3cret@db.internal:5432/hub",
        NATS_URL: "nats://hub:nats-s3cret@n1:4222,tok-s3cret@n2:4222",
        STATEHUB_API_TOKENS: "ci:ci-token-0123456789abcdef:write",
      }),
    );
    expect(described).toMatchObject({
      database: "postgres://app:***@db.internal:5432/hub",
      nats: { url: "nats://hub:***@n1:4222,***@n2:4222" },
      auth: "1 token(s)",
    });
    expect(JSON.stringify(described)).not.toMatch(/s3cret|ci-token/);
  });
});
