import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { MetricsSnapshot } from "./metrics.js";

export interface StatusServer {
  url: string;
  close(): Promise<void>;
}

/** `/metrics` (Prometheus text), `/status` (JSON) and `/healthz` on the given port (0: any free port). */
export async function startStatusServer(
  port: number,
  snapshot: () => Promise<MetricsSnapshot>,
  render: () => Promise<string>,
  describe: () => Record<string, unknown>,
): Promise<StatusServer> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const send = (status: number, type: string, body: string) => {
      response.writeHead(status, { "content-type": type }).end(body);
    };
    if (request.method !== "GET") return send(405, "text/plain", "method not allowed\n");
    if (path === "/healthz") return send(200, "text/plain", "ok\n");
    const failed = (error: Error) => send(500, "text/plain", `${error.message}\n`);
    if (path === "/metrics") {
      render().then((text) => send(200, "text/plain; version=0.0.4", text), failed);
      return;
    }
    if (path === "/status") {
      snapshot().then(
        (metrics) =>
          send(200, "application/json", `${JSON.stringify({ ...describe(), metrics }, null, 2)}\n`),
        failed,
      );
      return;
    }
    send(404, "text/plain", "not found\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
