import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, natsServerBinary, waitForPort } from "@statehub/testing";

export const ADMIN = { user: "admin", password: "admin-secret-pw" };
export const PUBLISHER = { user: "relay", password: "relay-secret-pw" };

/**
 * A nats-server with two users in one JetStream account: `admin` may do anything, `relay` may
 * only publish events (and receive the acks) — no JetStream API, so it can neither create nor
 * inspect streams. Like an operator-managed production account.
 */
export async function startRestrictedNats(): Promise<{ url: string; stop(): Promise<void> }> {
  const bin = natsServerBinary();
  if (!bin) throw new Error("nats-server not found");
  const dir = mkdtempSync(join(tmpdir(), "statehub-nats-acl-"));
  const port = await freePort();
  const config = join(dir, "server.conf");
  writeFileSync(
    config,
    `
listen: 127.0.0.1:${port}
jetstream { store_dir: "${join(dir, "store")}" }
accounts {
  HUB {
    jetstream: enabled
    users: [
      { user: ${ADMIN.user}, password: ${ADMIN.password} }
      {
        user: ${PUBLISHER.user}, password: ${PUBLISHER.password}
        permissions: {
          publish: { allow: ["org.statehub.>"] }
          subscribe: { allow: ["_INBOX.>"] }
        }
      }
    ]
  }
}
`,
  );
  const child: ChildProcess = spawn(bin, ["-c", config], { stdio: "ignore" });
  await waitForPort(port);
  return {
    url: `nats://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
