import { describe, expect, it } from "vitest";
import { canonicalConfiguredHost, canonicalHost, isLoopback, isLoopbackHost } from "./host-names.js";

describe("canonicalHost", () => {
  it.each([
    ["localhost", "localhost"],
    ["LocalHost.", "localhost"],
    ["Hub.Example.Internal", "hub.example.internal"],
    ["127.1", "127.0.0.1"],
    ["0x7f.0.0.1", "127.0.0.1"],
    ["::1", "[::1]"],
    ["[0:0:0:0:0:0:0:1]", "[::1]"],
  ])("%s → %s", (value, canonical) => {
    expect(canonicalHost(value)).toBe(canonical);
  });

  it.each(["", "user@localhost", "localhost/path", "local host", "[::1", "hôte.example", "*.example"])(
    "%j is not a host",
    (value) => {
      expect(canonicalHost(value)).toBeUndefined();
    },
  );
});

describe("isLoopback", () => {
  it.each(["localhost", "127.0.0.1", "127.0.0.2", "127.255.255.254", "[::1]"])("%s is loopback", (host) => {
    expect(isLoopback(host)).toBe(true);
  });
  it.each([
    "app.localhost",
    "localhost.example",
    "128.0.0.1",
    "0.0.0.0",
    "[::]",
    "[::ffff:7f00:1]",
    "10.0.0.1",
  ])("%s is not loopback", (host) => {
    expect(isLoopback(host)).toBe(false);
  });
  it("isLoopbackHost reads a configured HOST: bare IPv6, any case", () => {
    expect(["::1", "LOCALHOST", "127.0.0.2"].map(isLoopbackHost)).toEqual([true, true, true]);
    expect(["::", "0.0.0.0", "example.com", "bad host"].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("canonicalConfiguredHost", () => {
  it.each([
    ["hub.example.internal", "hub.example.internal"],
    ["Hub.Example.Internal.", "hub.example.internal"],
    ["dev-box", "dev-box"],
    ["10.0.0.5", "10.0.0.5"],
    ["fd00::5", "[fd00::5]"],
    ["[fd00::5]", "[fd00::5]"],
  ])("%s → %s", (value, canonical) => {
    expect(canonicalConfiguredHost(value)).toBe(canonical);
  });

  // Each of these would be read in a way its writer did not mean, or is not a name at all.
  it.each([
    "http://hub.example.internal",
    "hub.example.internal:4000",
    "*.example.internal",
    ".example.internal",
    "10.1",
    "2130706433",
    "-bad.example",
    "bad-.example",
    "under_score.example",
    "hub..example",
  ])("refuses %j", (value) => {
    expect(canonicalConfiguredHost(value)).toBeUndefined();
  });
});
