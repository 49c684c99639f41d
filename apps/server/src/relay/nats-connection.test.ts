import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { natsServerAvailable, TestNatsServer } from "@statehub/testing";
import { describe, expect, it } from "vitest";
import { NatsLink, natsConnectionOptions } from "./nats-connection.js";

describe("NATS connection options", () => {
  it("connects to every listed server, reconnects forever, names itself, times out after 5 s by default", () => {
    expect(natsConnectionOptions({ url: "nats://a:4222, nats://b:4222" })).toEqual({
      servers: ["nats://a:4222", "nats://b:4222"],
      name: "statehub-relay",
      timeout: 5_000,
      reconnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1_000,
    });
    expect(
      natsConnectionOptions({ url: "nats://a:4222", name: "hub-2", connectTimeoutMs: 750 }),
    ).toMatchObject({
      name: "hub-2",
      timeout: 750,
    });
  });

  it("passes a token, or a user and password (empty when not given)", () => {
    expect(natsConnectionOptions({ url: "nats://a", token: "t0k" })).toMatchObject({ token: "t0k" });
    expect(natsConnectionOptions({ url: "nats://a", user: "relay", password: "pw" })).toMatchObject({
      user: "relay",
      pass: "pw",
    });
    expect(natsConnectionOptions({ url: "nats://a", user: "relay" })).toMatchObject({
      user: "relay",
      pass: "",
    });
    const none = natsConnectionOptions({ url: "nats://a", token: "", user: "" });
    expect(Object.keys(none)).not.toContain("token");
    expect(Object.keys(none)).not.toContain("user");
    expect(Object.keys(none)).not.toContain("authenticator");
    expect(Object.keys(none)).not.toContain("tls");
  });

  it("reads a creds file into an authenticator", () => {
    const dir = mkdtempSync(join(tmpdir(), "statehub-creds-"));
    try {
      const file = join(dir, "hub.creds");
      writeFileSync(file, "-----BEGIN NATS USER JWT-----\nx\n------END NATS USER JWT------\n");
      expect(typeof natsConnectionOptions({ url: "nats://a", credsFile: file }).authenticator).toBe(
        "function",
      );
      expect(() => natsConnectionOptions({ url: "nats://a", credsFile: join(dir, "missing.creds") })).toThrow(
        /ENOENT/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("passes only the TLS files given, and no TLS section without any", () => {
    expect(natsConnectionOptions({ url: "nats://a", tls: { caFile: "/ca.pem" } }).tls).toEqual({
      caFile: "/ca.pem",
    });
    expect(
      natsConnectionOptions({ url: "nats://a", tls: { certFile: "/c.pem", keyFile: "/k.pem" } }).tls,
    ).toEqual({
      certFile: "/c.pem",
      keyFile: "/k.pem",
    });
    expect(
      natsConnectionOptions({
        url: "nats://a",
        tls: { caFile: "/ca.pem", certFile: "/c.pem", keyFile: "/k.pem" },
      }).tls,
    ).toEqual({
      caFile: "/ca.pem",
      certFile: "/c.pem",
      keyFile: "/k.pem",
    });
    expect(Object.keys(natsConnectionOptions({ url: "nats://a", tls: {} }))).not.toContain("tls");
  });
});

describe.runIf(natsServerAvailable())("the NATS link", { timeout: 60_000 }, () => {
  it("connects on demand, follows the server going away and coming back, and closes", async () => {
    const nats = await TestNatsServer.start();
    const link = new NatsLink({ url: nats.url, connectTimeoutMs: 1_000 });
    const states: string[] = [];
    const unsubscribe = link.onStateChange((state) => states.push(state));
    try {
      expect(link.state).toBe("idle");
      expect(link.usable).toBeUndefined();
      const nc = await link.ensureConnected();
      expect(await link.ensureConnected()).toBe(nc);
      expect(link.usable).toBe(nc);
      await nats.stop("SIGKILL");
      await expect.poll(() => link.state, { timeout: 10_000 }).toBe("reconnecting");
      expect(link.usable).toBeUndefined();
      await nats.restart();
      await expect.poll(() => link.state, { timeout: 15_000 }).toBe("connected");
      expect(link.usable).toBe(nc);
      await link.close();
      expect(link.state).toBe("closed");
      expect(link.usable).toBeUndefined();
      expect(states).toEqual(["connecting", "connected", "reconnecting", "connected", "closed"]);
      unsubscribe();
      await link.close();
      expect(states).toHaveLength(5);
    } finally {
      await nats.dispose();
    }
  });

  it("a failed first attempt leaves it idle and throws, for the caller to back off", async () => {
    const nats = await TestNatsServer.start();
    await nats.dispose();
    const link = new NatsLink({ url: nats.url, connectTimeoutMs: 500 });
    const states: string[] = [];
    link.onStateChange((state) => states.push(state));
    await expect(link.ensureConnected()).rejects.toThrow();
    expect(link.state).toBe("idle");
    expect(states).toEqual(["connecting", "idle"]);
  });

  it("a listener that unsubscribed hears nothing more; close() closes the connection", async () => {
    const nats = await TestNatsServer.start();
    const link = new NatsLink({ url: nats.url, connectTimeoutMs: 1_000 });
    const kept: string[] = [];
    const dropped: string[] = [];
    link.onStateChange((state) => kept.push(state));
    const unsubscribe = link.onStateChange((state) => dropped.push(state));
    try {
      unsubscribe();
      const nc = await link.ensureConnected();
      await link.close();
      expect(nc.isClosed()).toBe(true);
      expect(kept).toEqual(["connecting", "connected", "closed"]);
      expect(dropped).toEqual([]);
    } finally {
      await nats.dispose();
    }
  });

  it("close() on a frozen server stops waiting for the drain after its timeout and closes", async () => {
    const nats = await TestNatsServer.start();
    const link = new NatsLink({ url: nats.url, connectTimeoutMs: 1_000 });
    try {
      const nc = await link.ensureConnected();
      await nats.pause();
      await link.close(200);
      expect(nc.isClosed()).toBe(true);
      expect(link.state).toBe("closed");
    } finally {
      await nats.dispose();
    }
  });
});
