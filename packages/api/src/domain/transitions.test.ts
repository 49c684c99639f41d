import { describe, expect, it } from "vitest";
import { ConflictError } from "./errors.js";
import { assertTransition, canTransition, type TransitionEntity } from "./transitions.js";

// The specification, written out literally (the README's tables as they were agreed), never
// read from the module under test: dropping or adding a single move in transitions.ts fails here.
// Every ordered pair of distinct statuses is checked against it.
const SPEC: Record<TransitionEntity, Record<string, string[]>> = {
  workstream: {
    planned: ["active", "blocked", "completed", "cancelled"],
    active: ["planned", "blocked", "completed", "cancelled"],
    blocked: ["planned", "active", "completed", "cancelled"],
    completed: ["active"],
    cancelled: ["planned", "active"],
  },
  task: {
    todo: ["in_progress", "blocked", "done", "cancelled"],
    in_progress: ["todo", "blocked", "done", "cancelled"],
    blocked: ["todo", "in_progress", "done", "cancelled"],
    done: ["todo", "in_progress"],
    cancelled: ["todo"],
  },
  decision: {
    open: ["resolved"],
    resolved: [],
  },
  domainGoal: {
    proposed: ["active", "abandoned"],
    active: ["achieved", "abandoned"],
    achieved: [],
    abandoned: [],
  },
};

const pairs = (Object.keys(SPEC) as TransitionEntity[]).flatMap((entity) => {
  const statuses = Object.keys(SPEC[entity]);
  return statuses.flatMap((from) =>
    statuses
      .filter((to) => to !== from)
      .map((to) => ({ entity, from, to, allowed: SPEC[entity][from]?.includes(to) ?? false })),
  );
});

const assertAny = (entity: TransitionEntity, from: string, to: string) =>
  assertTransition(entity as "workstream", from as never, to as never);

describe("transition rules", () => {
  it("checks all 20 + 20 + 2 + 12 ordered pairs of distinct statuses", () => {
    expect(pairs).toHaveLength(54);
  });

  it.each(pairs.filter((p) => p.allowed))("$entity $from → $to is allowed", ({ entity, from, to }) => {
    expect(canTransition(entity as "workstream", from as never, to as never)).toBe(true);
    expect(() => assertAny(entity, from, to)).not.toThrow();
  });

  it.each(pairs.filter((p) => !p.allowed))(
    "$entity $from → $to is refused with CONFLICT naming $from",
    ({ entity, from, to }) => {
      expect(canTransition(entity as "workstream", from as never, to as never)).toBe(false);
      let thrown: unknown;
      try {
        assertAny(entity, from, to);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConflictError);
      expect((thrown as ConflictError).currentState).toBe(from);
      expect((thrown as Error).message).toContain(`is ${from}; cannot move to ${to}`);
    },
  );

  it("tells the caller the allowed moves, or that the state is final", () => {
    expect(() => assertTransition("workstream", "completed", "cancelled")).toThrow(
      "workstream is completed; cannot move to cancelled (allowed: active)",
    );
    expect(() => assertTransition("task", "cancelled", "done")).toThrow(
      "task is cancelled; cannot move to done (allowed: todo)",
    );
    expect(() => assertTransition("decision", "resolved", "open")).toThrow(
      "decision is resolved; cannot move to open (it is final)",
    );
    expect(() => assertTransition("domainGoal", "proposed", "achieved")).toThrow(
      "domainGoal is proposed; cannot move to achieved (allowed: active, abandoned)",
    );
  });

  it("an unknown state is never a way out", () => {
    expect(canTransition("workstream", "nonsense" as never, "active")).toBe(false);
  });
});
