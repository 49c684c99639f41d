import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { requireService } from "@statehub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

// The document proves itself to a language that is not TypeScript: a Python script that knows
// only openapi.json (no generator for Python or Go installs from the registries this project
// reaches) registers a repo and reads it back from a live hub.
const SCRIPT = fileURLToPath(new URL("../../../../examples/openapi-python/call_hub.py", import.meta.url));
const TOKEN = "python-client-write-token-000001";
const run = promisify(execFile);

async function python3(): Promise<boolean> {
  try {
    await run("python3", ["--version"]);
    return true;
  } catch {
    return false;
  }
}

const available = await python3();

describe.runIf(requireService("python3", available, "python3 is not on PATH"))(
  "a Python client driven by the OpenAPI document alone",
  { timeout: 60_000 },
  () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ tokens: [{ name: "python", token: TOKEN, scope: "write" }] });
    });
    afterAll(() => server?.close());

    it("upserts a domain, registers a repo and reads it back", async () => {
      const { stdout } = await run("python3", [SCRIPT, server.url, TOKEN]);
      const printed = JSON.parse(stdout) as { domain: string; repo: { id: string; name: string } };
      expect(printed.domain).toBe("python");
      const repo = await server.client(TOKEN).repos.get.query({ name: "py/client" });
      expect(printed.repo).toEqual(repo);
      const events = await server
        .client(TOKEN)
        .events.list.query({ subject: "org.statehub.repo.registered" });
      expect(events.items.map((e) => e.envelope.subject)).toEqual([repo.id]);
    });

    it("is refused without the token (the document says bearer auth)", async () => {
      const failed = await run("python3", [SCRIPT, server.url]).catch((error: { stderr: string }) => error);
      expect((failed as { stderr: string }).stderr).toMatch(/HTTP 401/);
    });
  },
);
