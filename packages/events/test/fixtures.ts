import fc from "fast-check";
import { catalog, type EventData, SUBJECTS, type Subject } from "../src/catalog/index.js";
import { createEnvelope, type EnvelopeMeta } from "../src/create.js";
import type { Envelope } from "../src/envelope.js";

const ids = {
  repo: "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d12",
  workstream: "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d13",
  decision: "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d14",
  goal: "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d15",
  task: "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d16",
};

/** One valid payload per subject; the mapped type makes a new subject without a sample a type error. */
export const sampleData: { [S in Subject]: EventData<S> } = {
  "org.statehub.repo.registered": {
    repoId: ids.repo,
    name: "org/service",
    domain: "platform",
    url: "https://git.example.org/org/service",
    defaultBranch: "main",
  },
  "org.statehub.workstream.completed": {
    workstreamId: ids.workstream,
    key: "WS-12",
    title: "Move CI to the new runners",
    domain: "platform",
    repo: null,
    previousStatus: "active",
  },
  "org.statehub.decision.resolved": {
    decisionId: ids.decision,
    title: "Which queue?",
    resolution: "NATS JetStream, with an outbox in Postgres.",
    resolvedBy: "lead",
    resolvedAt: "2026-01-02T03:04:05.000Z",
    domain: null,
  },
  "org.statehub.domain.goal.activated": {
    goalId: ids.goal,
    domain: "platform",
    title: "One event contract",
    previousStatus: "proposed",
  },
  "org.statehub.task.stale": {
    taskId: ids.task,
    key: "T-7",
    title: "Write the relay",
    status: "in_progress",
    workstreamId: ids.workstream,
    lastUpdatedAt: "2025-12-01T00:00:00+01:00",
    thresholdDays: 14,
  },
};

export const sampleMeta: EnvelopeMeta = {
  time: new Date("2026-01-02T03:04:05.000Z"),
  source: "/statehub",
  actor: "ci",
  correlationId: "req-42",
};

/** A valid envelope of the given subject, as createEnvelope makes it. */
export function sampleEnvelope<S extends Subject>(subject: S, meta: EnvelopeMeta = sampleMeta): Envelope<S> {
  return createEnvelope(subject, sampleData[subject], meta);
}

/** Required data fields of a subject, read from its zod schema. */
export function requiredDataFields(subject: Subject): string[] {
  const shape = catalog[subject].data.shape as Record<
    string,
    { safeParse(value: unknown): { success: boolean } }
  >;
  return Object.entries(shape)
    .filter(([, field]) => !field.safeParse(undefined).success)
    .map(([name]) => name);
}

export const subjectArbitrary = fc.constantFrom(...SUBJECTS);

/** Caller-controlled metadata: any valid time, optional actor and correlation id, any source. */
export const metaArbitrary: fc.Arbitrary<EnvelopeMeta> = fc.record(
  {
    time: fc.date({
      min: new Date("1970-01-01T00:00:00Z"),
      max: new Date("9999-12-31T23:59:59Z"),
      noInvalidDate: true,
    }),
    source: fc.constantFrom(
      "/statehub",
      "/statehub/eu-1",
      "https://hub.example.org/statehub",
      "urn:statehub:test",
    ),
    actor: fc.string({ minLength: 1, maxLength: 200 }),
    correlationId: fc.string({ minLength: 1, maxLength: 200 }),
  },
  { requiredKeys: ["time"] },
);
