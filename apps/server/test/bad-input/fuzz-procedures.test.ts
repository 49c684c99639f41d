import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { anyJson, nearValid, shapedJson } from "./support/arbitraries.js";
import { callProcedure, type RawResponse, rawRequest, trpcError } from "./support/http.js";
import {
  allProcedures,
  type ProcedureInfo,
  sampleOf,
  type ValidSamples,
  validSamples,
} from "./support/procedures.js";
import { rowCounts } from "./support/row-counts.js";

// Property-based fuzzing of every procedure over plain HTTP: whatever JSON arrives, the hub
// answers (never 5xx, never dies), refuses invalid input with field errors, and a refused
// call writes nothing. Runs are bounded so the suite stays fast on a 2-core CI machine.
const ARBITRARY_RUNS = 60;
const NEAR_VALID_RUNS = 90;

describe("fuzzing every procedure's input over HTTP", { timeout: 120_000 }, () => {
  let server: TestServer;
  let samples: ValidSamples;

  beforeAll(async () => {
    server = await startTestServer();
    const client = server.client();
    const domain = "fuzz";
    await client.domains.upsert.mutate({ slug: domain, name: "Fuzz" });
    const repo = await client.repos.register.mutate({ name: "fuzz/repo", domain });
    const workstream = await client.workstreams.create.mutate({ key: "fuzz-ws", title: "ws", domain });
    const task = await client.tasks.create.mutate({ workstreamId: workstream.id, title: "task" });
    const decision = await client.decisions.create.mutate({ title: "decide" });
    const goal = await client.domainGoals.create.mutate({ domain, title: "goal" });
    samples = validSamples({
      domain,
      repo: repo.name,
      workstreamId: workstream.id,
      workstreamKey: "fuzz-ws",
      taskId: task.id,
      decisionId: decision.id,
      goalId: goal.id,
      eventId: (await client.events.list.query({ limit: 1 })).items[0]?.envelope.id ?? "",
    });
  });
  afterAll(() => server?.close());

  /** The checks every fuzzed call must pass, whatever its input. */
  async function checkCall(procedure: ProcedureInfo, input: unknown): Promise<RawResponse> {
    const before = procedure.type === "mutation" ? await rowCounts(server.database) : undefined;
    const response = await callProcedure(server.url, procedure, input);
    const context = `${procedure.path} ${JSON.stringify(input)?.slice(0, 300)} → ${response.status} ${response.text.slice(0, 300)}`;
    expect(response.status, context).toBeLessThan(500);
    if (response.status >= 400) {
      const error = trpcError(response);
      expect(error?.message, context).toBeTypeOf("string");
      expect(error?.data?.stack, context).toBeUndefined();
      if (response.status === 400) {
        // Invalid input names what is wrong: per-field messages, or form-level ones.
        expect(error?.data?.fieldErrors ?? error?.data?.formErrors, context).toBeDefined();
      }
      if (before) expect(await rowCounts(server.database), context).toEqual(before);
    } else {
      expect(response.status, context).toBe(200);
    }
    return response;
  }

  it.each(allProcedures())(
    "$path: arbitrary JSON and near-valid inputs get a 2xx or a clear 4xx",
    async (procedure) => {
      const sample = sampleOf(samples, procedure.path);
      const arbitrary = fc.oneof(anyJson, shapedJson(Object.keys(sample)), fc.constant(undefined));
      await fc.assert(
        fc.asyncProperty(arbitrary, async (input) => {
          await checkCall(procedure, input);
        }),
        { numRuns: ARBITRARY_RUNS },
      );
      await fc.assert(
        fc.asyncProperty(nearValid(sample), async (input) => {
          await checkCall(procedure, input);
        }),
        { numRuns: NEAR_VALID_RUNS },
      );
      // Still alive and serving.
      expect((await rawRequest(server.url, "/healthz")).status).toBe(200);
    },
  );
});
