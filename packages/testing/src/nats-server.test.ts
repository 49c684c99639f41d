import { afterAll, describe, expect, it } from "vitest";
import { waitForPort } from "./free-port.js";
import { natsServerAvailable, TestNatsServer } from "./nats-server.js";

describe.runIf(natsServerAvailable())("TestNatsServer", () => {
  let server: TestNatsServer | undefined;
  afterAll(() => server?.dispose());

  it("starts, stops and restarts on the same port", async () => {
    server = await TestNatsServer.start();
    await waitForPort(server.port, 2000);
    await server.stop("SIGKILL");
    expect(server.running).toBe(false);
    await expect(waitForPort(server.port, 200)).rejects.toThrow(/nothing listens/);
    await server.restart();
    await waitForPort(server.port, 2000);
  });
});
