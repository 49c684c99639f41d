import { createFreshDatabase, type FreshDatabase, freePort, realPostgresAvailable } from "@statehub/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postProcedure, rawRequest } from "../bad-input/support/http.js";
import {
  runServeExpectingExit,
  ServerProcess,
  serverBuildAvailable,
} from "../faults/support/server-process.js";
import { bearer, READER, tokensEnv, WRITER } from "./support/tokens.js";

// The server runs as its own process with secrets in every place they can be configured;
// everything it writes (stdout and stderr) and every response body is searched for them
// after provoking the errors most likely to print them: bad tokens, a NATS it cannot reach,
// a database connection cut under it, a database it cannot reach at start.

const DB_PASSWORD = "db-PASSWORD-8d1f2c";
const NATS_PASSWORD = "nats-PASSWORD-5e7a9b";
const WRONG_TOKEN = "w-token-0123456789abcdef-GUESS";

const withPassword = (url: string, password: string) => {
  const parsed = new URL(url);
  parsed.username ||= "postgres";
  parsed.password = password;
  return parsed.toString();
};

describe.runIf(realPostgresAvailable() && serverBuildAvailable())(
  "secrets never appear in logs or responses",
  { timeout: 90_000 },
  () => {
    let fresh: FreshDatabase;
    let server: ServerProcess | undefined;
    const responses: string[] = [];
    const secrets = [WRITER.token, READER.token, WRONG_TOKEN, DB_PASSWORD, NATS_PASSWORD];

    beforeAll(async () => {
      fresh = await createFreshDatabase();
    });
    afterAll(async () => {
      await server?.stop("SIGKILL");
      await fresh?.drop();
    });

    const expectNoSecret = (text: string) => {
      for (const secret of secrets) expect(text).not.toContain(secret);
      // Not even most of a token (a log line that truncates it would still give it away).
      for (const token of [WRITER.token, READER.token]) expect(text).not.toContain(token.slice(0, 16));
    };

    it("while serving: bad tokens, an unreachable NATS with credentials, a database connection cut", async () => {
      const natsPort = await freePort(); // nothing listens there
      server = await ServerProcess.start({
        DATABASE_URL: withPassword(fresh.url, DB_PASSWORD),
        NATS_URL: `nats://hubuser:${NATS_PASSWORD}@127.0.0.1:${natsPort}`,
        STATEHUB_API_TOKENS: tokensEnv([WRITER, READER]),
        LOG_LEVEL: "debug",
      });
      const call = async (path: string, input: unknown, headers: Record<string, string>) => {
        responses.push((await postProcedure(server!.url, path, input, headers)).text);
      };
      await call("domains.upsert", { slug: "leak", name: "Leak" }, bearer(WRITER.token));
      await call("repos.register", { name: "leak/repo", domain: "leak" }, bearer(WRITER.token));
      await call("repos.register", { name: "leak/other", domain: "leak" }, bearer(WRONG_TOKEN));
      await call("repos.register", { name: "leak/other", domain: "leak" }, bearer(WRITER.token.slice(0, -2)));
      await call("repos.register", { name: "leak/other", domain: "leak" }, bearer(READER.token));
      await call("repos.register", { name: "", domain: "LEAK" }, bearer(WRITER.token));
      await call("nope.nothing", {}, bearer(WRONG_TOKEN));
      // Cut the hub's database connections (only those to this test's own database).
      const admin = postgres(fresh.url, { max: 1, onnotice: () => {} });
      await admin`select pg_terminate_backend(pid) from pg_stat_activity
                  where datname = current_database() and pid <> pg_backend_pid()`;
      await admin.end();
      await call("repos.register", { name: "leak/after-cut", domain: "leak" }, bearer(WRITER.token));
      for (const path of ["/readyz", "/metrics", "/healthz"]) {
        responses.push((await rawRequest(server.url, path, { headers: bearer(WRONG_TOKEN) })).text);
      }
      // Wait until the relay has tried (and failed) to reach NATS with its credentials.
      await expect
        .poll(() => /relay: publishing failed/.test(server?.output ?? ""), { timeout: 15_000 })
        .toBe(true);
      await server.stop("SIGTERM");

      expect(server.output.length).toBeGreaterThan(0);
      expect(server.output).toContain("hubuser"); // the NATS URL is logged, masked
      expectNoSecret(server.output);
      expectNoSecret(responses.join("\n"));
    });

    it("at start: an unreachable database URL with a password", async () => {
      const port = await freePort();
      const result = await runServeExpectingExit({
        DATABASE_URL: `postgres://postgres:${DB_PASSWORD}@127.0.0.1:${port}/statehub`,
        STATEHUB_DB_CONNECT_TIMEOUT: "2",
        STATEHUB_API_TOKENS: tokensEnv([WRITER]),
      });
      expect(result.timedOut).toBe(false);
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/database|DATABASE_URL/i);
      expectNoSecret(result.output);
    });

    it("at start: a configuration error next to secrets", async () => {
      const result = await runServeExpectingExit({
        DATABASE_URL: withPassword(fresh.url, DB_PASSWORD),
        STATEHUB_API_TOKENS: `${tokensEnv([WRITER])},broken:${READER.token}:admin`,
        NATS_URL: `nats://hubuser:${NATS_PASSWORD}@127.0.0.1:1`,
      });
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/STATEHUB_API_TOKENS/);
      expectNoSecret(result.output);
    });
  },
);
