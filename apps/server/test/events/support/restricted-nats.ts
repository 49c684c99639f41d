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
 * inspect streams. Like an operator-managed production account. `publishAllow` narrows what the
 * relay may publish (default: every event subject).
 */
export interface RestrictedNats {
  url: string;
  /** Rewrites the configuration with new permissions and reloads it (SIGHUP), as an operator would. */
  reload(options: RestrictedNatsOptions): Promise<void>;
  stop(): Promise<void>;
}

export interface RestrictedNatsOptions {
  /** Subjects the relay's user may publish on (default: every event subject). */
  publishAllow?: string[];
}

export async function startRestrictedNats(options: RestrictedNatsOptions = {}): Promise<RestrictedNats> {
  const bin = natsServerBinary();
  if (!bin) throw new Error("nats-server not found");
  const dir = mkdtempSync(join(tmpdir(), "statehub-nats-acl-"));
  const port = await freePort();
  const config = join(dir, "server.conf");
  const writeConfig = (settings: RestrictedNatsOptions) => {
    const publishAllow = (settings.publishAllow ?? ["org.statehub.>"])
      .map((s) => JSON.stringify(s))
      .join(", ");
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
          publish: { allow: [${publishAllow}] }
          subscribe: { allow: ["_INBOX.>"] }
        }
      }
    ]
  }
}
`,
    );
  };
  writeConfig(options);
  const child: ChildProcess = spawn(bin, ["-c", config], { stdio: "ignore" });
  await waitForPort(port);
  return {
    url: `nats://127.0.0.1:${port}`,
    async reload(settings) {
      writeConfig(settings);
      child.kill("SIGHUP");
      // The server applies a reload asynchronously; it is quick, but give it a moment.
      await new Promise((resolve) => setTimeout(resolve, 300));
    },
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
