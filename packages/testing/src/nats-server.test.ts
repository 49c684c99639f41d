import { connect } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { waitForPort } from "./free-port.js";
import { natsServerAvailable, TestNatsServer } from "./nats-server.js";

/** The max_payload the server announces in its INFO line (what clients enforce). */
function announcedMaxPayload(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    socket.on("data", (chunk) => {
      text += chunk.toString("utf8");
      const line = text.split("\r\n")[0] ?? "";
      if (text.includes("\r\n")) {
        socket.destroy();
        resolve((JSON.parse(line.replace(/^INFO /, "")) as { max_payload: number }).max_payload);
      }
    });
    socket.on("error", reject);
  });
}

describe.runIf(natsServerAvailable())("TestNatsServer", () => {
  const servers: TestNatsServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.dispose();
  });

  it("starts, stops and restarts on the same port", async () => {
    const server = await TestNatsServer.start();
    servers.push(server);
    await waitForPort(server.port, 2000);
    await server.stop("SIGKILL");
    expect(server.running).toBe(false);
    await expect(waitForPort(server.port, 200)).rejects.toThrow(/nothing listens/);
    await server.restart();
    await waitForPort(server.port, 2000);
  });

  it("applies max_payload from its config, and a new one on restart", async () => {
    const server = await TestNatsServer.start({ maxPayload: 1024 });
    servers.push(server);
    expect(await announcedMaxPayload(server.port)).toBe(1024);
    await server.stop();
    await server.restart({ maxPayload: 4096 });
    expect(await announcedMaxPayload(server.port)).toBe(4096);
    await server.stop();
    await server.restart();
    expect(await announcedMaxPayload(server.port)).toBe(4096);
  });

  it("pauses (answers nothing) and resumes", async () => {
    const server = await TestNatsServer.start();
    servers.push(server);
    await server.pause();
    const answered = announcedMaxPayload(server.port).then(() => "answered");
    const silence = new Promise((resolve) => setTimeout(() => resolve("silent"), 500));
    expect(await Promise.race([answered, silence])).toBe("silent");
    server.resume();
    expect(await answered).toBe("answered");
  });
});
