import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { runServeExpectingExit, serverBuildAvailable } from "../faults/support/server-process.js";
import { tokensEnv, WRITER } from "./support/tokens.js";

// Without tokens the hub is open to anyone who can reach it, so it may only listen on loopback.

describe("binding beyond loopback needs tokens", () => {
  it.each(["0.0.0.0", "::", "192.168.1.10", "example.com"])("HOST=%s without tokens is refused", (host) => {
    expect(() => loadConfig({ HOST: host })).toThrow(ConfigError);
    expect(() => loadConfig({ HOST: host })).toThrow(/STATEHUB_API_TOKENS/);
  });

  it.each(["127.0.0.1", "127.0.0.2", "::1", "localhost"])("HOST=%s without tokens is allowed", (host) => {
    expect(loadConfig({ HOST: host }).host).toBe(host);
  });

  it("HOST=0.0.0.0 with tokens is allowed", () => {
    expect(loadConfig({ HOST: "0.0.0.0", STATEHUB_API_TOKENS: tokensEnv([WRITER]) }).host).toBe("0.0.0.0");
  });

  it.runIf(serverBuildAvailable())(
    "`statehub serve` with HOST=0.0.0.0 and no tokens exits non-zero with a clear message, before listening",
    { timeout: 30_000 },
    async () => {
      const result = await runServeExpectingExit({
        HOST: "0.0.0.0",
        PORT: "0",
        STATEHUB_DATA_DIR: "memory://",
      });
      expect(result.timedOut).toBe(false);
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/refusing to listen on HOST=0\.0\.0\.0 without authentication/);
      expect(result.output).not.toMatch(/listening/);
    },
  );
});
