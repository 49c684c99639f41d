import { appRouter } from "@statehub/api";
import type { RouterInputs } from "@statehub/client";

export interface ProcedureInfo {
  path: string;
  type: "query" | "mutation";
}

/** Every procedure of the public API, read from the router itself (a new one is fuzzed too). */
export function allProcedures(): ProcedureInfo[] {
  return Object.entries(appRouter._def.procedures).map(([path, procedure]) => ({
    path,
    type: (procedure as unknown as { _def: { type: "query" | "mutation" } })._def.type,
  }));
}

/** One valid input per procedure; typed against the router, so a new procedure must get one. */
export type ValidSamples = {
  [R in keyof RouterInputs]: { [P in keyof RouterInputs[R]]-?: RouterInputs[R][P] };
};

/** The ids of the entities the samples refer to (created before fuzzing). */
export interface SampleEntities {
  domain: string;
  repo: string;
  workstreamId: string;
  workstreamKey: string;
  taskId: string;
  decisionId: string;
  goalId: string;
  /** An event in the outbox (recorded by the repo's registration). */
  eventId: string;
}

export function validSamples(e: SampleEntities): ValidSamples {
  return {
    domains: {
      upsert: { slug: e.domain, name: "Fuzz domain", description: "described" },
      list: { limit: 5 },
    },
    domainGoals: {
      create: { domain: e.domain, title: "a goal", description: "why" },
      activate: { id: e.goalId },
      achieve: { id: e.goalId },
      abandon: { id: e.goalId },
      get: { id: e.goalId },
      list: { domain: e.domain, status: "proposed", limit: 5 },
    },
    repos: {
      register: { name: e.repo, domain: e.domain, url: "https://example.test/r", defaultBranch: "main" },
      get: { name: e.repo },
      list: { domain: e.domain, limit: 5 },
    },
    workstreams: {
      create: {
        key: "fuzz-ws-new",
        title: "a workstream",
        domain: e.domain,
        repo: e.repo,
        status: "planned",
      },
      update: { id: e.workstreamId, title: "renamed", status: "active", repo: e.repo },
      get: { key: e.workstreamKey },
      list: { domain: e.domain, repo: e.repo, status: "active", limit: 5 },
    },
    tasks: {
      create: { workstreamId: e.workstreamId, key: "fuzz-task-new", title: "a task", status: "todo" },
      update: { id: e.taskId, title: "renamed", status: "in_progress" },
      get: { id: e.taskId },
      list: { workstreamId: e.workstreamId, status: "todo", staleOnly: false, limit: 5 },
    },
    decisions: {
      create: { title: "a decision", context: "context", domain: e.domain },
      resolve: { id: e.decisionId, resolution: "yes", resolvedBy: "fuzzer" },
      get: { id: e.decisionId },
      list: { status: "open", domain: e.domain, limit: 5 },
    },
    progress: {
      record: { entityType: "task", entityId: e.taskId, message: "progress", author: "fuzzer" },
      list: { entityType: "task", entityId: e.taskId, limit: 5 },
    },
    events: {
      list: { subject: "org.statehub.repo.registered", entity: e.decisionId, limit: 5, order: "newest" },
    },
    maintenance: { flagStaleTasks: { thresholdDays: 30, dryRun: true } },
    outbox: {
      status: {},
      parked: { cursor: "cG9zOjE", limit: 5 },
      retry: { ids: [e.eventId] },
      discard: { ids: [e.eventId] },
    },
    workplans: {
      check: { repo: e.repo, files: [{ path: "workplans/fuzz.md", contentHash: "f".repeat(64) }] },
      sync: {
        files: [
          {
            source: {
              repo: e.repo,
              path: "workplans/fuzz.md",
              commit: "abc123",
              contentHash: "f".repeat(64),
            },
            workplan: {
              key: "FUZZ-WP-1",
              title: "A fuzzed workplan",
              domain: e.domain,
              status: "active",
              workstreamId: e.workstreamId,
              tasks: [{ key: "T1", title: "a task", status: "todo", taskId: e.taskId }],
            },
          },
        ],
        scope: { repo: e.repo, keys: ["FUZZ-WP-1"], workstreamIds: [e.workstreamId], unparsedPaths: [] },
        prune: false,
        dryRun: true,
      },
    },
    dashboard: {
      overview: { blockedLimit: 5 },
      domain: { slug: e.domain },
      workstream: { id: e.workstreamId },
    },
  };
}

/** The sample of a dotted procedure path ("repos.register"). */
export function sampleOf(samples: ValidSamples, path: string): Record<string, unknown> {
  const [group = "", name = ""] = path.split(".");
  const sample = (samples as unknown as Record<string, Record<string, unknown>>)[group]?.[name];
  if (sample === undefined) throw new Error(`no valid sample for ${path}`);
  return sample as Record<string, unknown>;
}
