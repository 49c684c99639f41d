import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { createHostGuard, isSameOrigin, parseHostHeader } from "./host-guard.js";

const request = (headers: Record<string, string>, method = "POST") =>
  ({ method, url: "/trpc/decisions.create", headers }) as unknown as IncomingMessage;

describe("parseHostHeader", () => {
  it.each([
    ["localhost:4000", { host: "localhost", port: 4000 }],
    ["LOCALHOST.", { host: "localhost", port: undefined }],
    ["[::1]:4000", { host: "[::1]", port: 4000 }],
    ["[::1]", { host: "[::1]", port: undefined }],
    ["127.0.0.2:80", { host: "127.0.0.2", port: 80 }],
  ])("%s", (header, authority) => {
    expect(parseHostHeader(header)).toEqual(authority);
  });

  it.each([
    "",
    ":4000",
    "localhost:",
    "localhost:99999",
    "localhost:4000:1",
    "::1",
    "a@localhost",
    "localhost/x",
  ])("%j is not host[:port]", (header) => {
    expect(parseHostHeader(header)).toBeUndefined();
  });
});

describe("isSameOrigin", () => {
  const at = (host: string, port?: number) => ({ host, port });
  it("matches scheme-default ports and explicit ones", () => {
    expect(isSameOrigin("http://127.0.0.1:4000", at("127.0.0.1", 4000))).toBe(true);
    expect(isSameOrigin("http://localhost", at("localhost"))).toBe(true);
    expect(isSameOrigin("http://localhost", at("localhost", 80))).toBe(true);
    // Behind a TLS proxy that keeps the Host: the page's origin is https.
    expect(isSameOrigin("https://hub.example.internal", at("hub.example.internal"))).toBe(true);
    expect(isSameOrigin("http://localhost.:4000", at("localhost", 4000))).toBe(true);
    expect(isSameOrigin("http://[::1]:4000", at("[::1]", 4000))).toBe(true);
  });

  it.each([
    ["null", at("localhost", 4000)],
    ["http://localhost:4001", at("localhost", 4000)],
    ["http://127.0.0.1:4000", at("localhost", 4000)],
    ["https://localhost", at("localhost", 80)],
    ["http://localhost:4000/", at("localhost", 4000)],
    ["ftp://localhost:4000", at("localhost", 4000)],
    ["file://", at("localhost", 4000)],
    ["localhost:4000", at("localhost", 4000)],
  ])("%s is not the origin of %o", (origin, authority) => {
    expect(isSameOrigin(origin, authority)).toBe(false);
  });
});

describe("createHostGuard", () => {
  const guard = createHostGuard(["hub.example.internal"]);

  it("serves loopback and allowed names, refuses others (and a missing Host)", () => {
    expect(guard(request({ host: "127.0.0.1:4000" }))).toBeUndefined();
    expect(guard(request({ host: "hub.example.internal:8443" }))).toBeUndefined();
    expect(guard(request({ host: "rebind.attacker.example:4000" }))).toMatchObject({
      reason: "host",
      message: expect.stringContaining('host "rebind.attacker.example:4000" is not served'),
    });
    expect(guard(request({}))).toMatchObject({
      reason: "host",
      message: expect.stringContaining("host (none)"),
    });
  });

  it("checks Origin on writes only", () => {
    const foreign = { host: "localhost:4000", origin: "http://evil.example" };
    expect(guard(request(foreign))).toMatchObject({ reason: "origin" });
    expect(guard(request(foreign, "DELETE"))).toMatchObject({ reason: "origin" });
    expect(guard(request(foreign, "GET"))).toBeUndefined();
    expect(guard(request(foreign, "HEAD"))).toBeUndefined();
    expect(guard(request({ host: "localhost:4000", origin: "http://localhost:4000" }))).toBeUndefined();
    expect(guard(request({ host: "localhost:4000" }))).toBeUndefined();
  });

  it("shows a long header clipped, as JSON", () => {
    const refusal = guard(request({ host: `${"a".repeat(300)}.example` }));
    expect(refusal?.message).toContain(`"${"a".repeat(100)}…"`);
    expect(refusal?.message.length).toBeLessThan(400);
  });
});
