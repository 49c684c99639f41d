import { describe, expectTypeOf, it } from "vitest";
import type { EventData, Subject } from "../src/catalog/index.js";
import { createEnvelope } from "../src/create.js";
import type { AnyEnvelope, Envelope } from "../src/envelope.js";
import type { TaskStatus, WorkstreamStatus } from "../src/statuses.js";
import { sampleData } from "./fixtures.js";

// These assertions are checked by `pnpm typecheck` (tsc over test/); at run time they are no-ops.
const meta = { time: new Date() };

describe("createEnvelope types", () => {
  it("types the envelope by its subject", () => {
    const envelope = createEnvelope("org.statehub.task.stale", sampleData["org.statehub.task.stale"], meta);
    expectTypeOf(envelope).toEqualTypeOf<Envelope<"org.statehub.task.stale">>();
    expectTypeOf(envelope.type).toEqualTypeOf<"org.statehub.task.stale">();
    expectTypeOf(envelope.data.thresholdDays).toEqualTypeOf<number>();
  });

  it("rejects data of another subject, missing fields and unknown subjects", () => {
    const wrong = () => {
      // @ts-expect-error repo.registered data is not task.stale data
      createEnvelope("org.statehub.task.stale", sampleData["org.statehub.repo.registered"], meta);
      const withoutBranch = { repoId: "x", name: "n", domain: "d", url: null };
      // @ts-expect-error a required field (defaultBranch) is missing
      createEnvelope("org.statehub.repo.registered", withoutBranch, meta);
      const completedFromCompleted = {
        ...sampleData["org.statehub.workstream.completed"],
        previousStatus: "completed" as const,
      };
      // @ts-expect-error previousStatus cannot be the target status
      createEnvelope("org.statehub.workstream.completed", completedFromCompleted, meta);
      // @ts-expect-error not a subject in the catalog
      createEnvelope("org.statehub.repo.deleted", {}, meta);
    };
    expectTypeOf(wrong).toBeFunction();
  });
});

describe("EventData", () => {
  it("exposes each subject's fields with their nullability", () => {
    expectTypeOf<EventData<"org.statehub.repo.registered">>().toEqualTypeOf<{
      repoId: string;
      name: string;
      domain: string;
      url: string | null;
      defaultBranch: string;
    }>();
    expectTypeOf<EventData<"org.statehub.workstream.completed">["previousStatus"]>().toEqualTypeOf<
      Exclude<WorkstreamStatus, "completed">
    >();
    expectTypeOf<EventData<"org.statehub.task.stale">["status"]>().toEqualTypeOf<
      Exclude<TaskStatus, "done" | "cancelled">
    >();
    expectTypeOf<EventData<"org.statehub.decision.resolved">["resolvedBy"]>().toEqualTypeOf<string | null>();
  });
});

describe("Envelope union", () => {
  it("is discriminated on type and narrows in a switch", () => {
    const describeEvent = (envelope: AnyEnvelope): string => {
      switch (envelope.type) {
        case "org.statehub.repo.registered":
          expectTypeOf(envelope).toEqualTypeOf<Envelope<"org.statehub.repo.registered">>();
          expectTypeOf(envelope.data.url).toEqualTypeOf<string | null>();
          return envelope.data.name;
        case "org.statehub.workstream.completed":
          return envelope.data.key;
        case "org.statehub.decision.resolved":
          return envelope.data.resolution;
        case "org.statehub.domain.goal.activated":
          return envelope.data.goalId;
        case "org.statehub.task.stale":
          expectTypeOf(envelope.data.thresholdDays).toEqualTypeOf<number>();
          return envelope.data.title;
        default:
          // Exhaustive: a new subject makes this assignment a type error.
          expectTypeOf(envelope).toEqualTypeOf<never>();
          return envelope;
      }
    };
    expectTypeOf(describeEvent).returns.toEqualTypeOf<string>();
    expectTypeOf<AnyEnvelope["type"]>().toEqualTypeOf<Subject>();
    expectTypeOf<Envelope>().toEqualTypeOf<AnyEnvelope>();
  });

  it("supports an exhaustive handler map over the catalog", () => {
    const handlers = {
      "org.statehub.repo.registered": (e) => e.data.repoId,
      "org.statehub.workstream.completed": (e) => e.data.workstreamId,
      "org.statehub.decision.resolved": (e) => e.data.decisionId,
      "org.statehub.domain.goal.activated": (e) => e.data.goalId,
      "org.statehub.task.stale": (e) => e.data.taskId,
    } satisfies { [S in Subject]: (envelope: Envelope<S>) => string };
    expectTypeOf(handlers["org.statehub.task.stale"])
      .parameter(0)
      .toEqualTypeOf<Envelope<"org.statehub.task.stale">>();
    // @ts-expect-error a map missing a subject is rejected
    const partial: { [S in Subject]: (envelope: Envelope<S>) => string } = {
      "org.statehub.repo.registered": (e) => e.data.repoId,
    };
    expectTypeOf(partial).toBeObject();
  });
});
