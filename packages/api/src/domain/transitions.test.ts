import { DECISION_STATUSES, GOAL_STATUSES, TASK_STATUSES, WORKSTREAM_STATUSES } from "@statehub/events";
import { describe, expect, it } from "vitest";
import { ConflictError } from "./errors.js";
import { assertTransition, canTransition, TRANSITIONS, type TransitionEntity } from "./transitions.js";

const VOCABULARIES: Record<TransitionEntity, readonly string[]> = {
  workstream: WORKSTREAM_STATUSES,
  task: TASK_STATUSES,
  decision: DECISION_STATUSES,
  domainGoal: GOAL_STATUSES,
};

describe("transition tables", () => {
  it.each(Object.keys(TRANSITIONS) as TransitionEntity[])("%s covers its whole vocabulary", (entity) => {
    const table = TRANSITIONS[entity] as Record<string, readonly string[]>;
    expect(Object.keys(table).sort()).toEqual([...VOCABULARIES[entity]].sort());
    for (const [from, targets] of Object.entries(table)) {
      expect(targets).not.toContain(from); // same-state is idempotent, never a listed transition
      for (const to of targets) expect(VOCABULARIES[entity]).toContain(to);
    }
  });

  it("allows every listed transition and refuses every other one, naming the current state", () => {
    for (const entity of Object.keys(TRANSITIONS) as TransitionEntity[]) {
      const table = TRANSITIONS[entity] as Record<string, readonly string[]>;
      const vocabulary = VOCABULARIES[entity];
      for (const from of vocabulary) {
        for (const to of vocabulary) {
          if (from === to) continue;
          const allowed = table[from]?.includes(to) ?? false;
          // biome-ignore lint/suspicious/noExplicitAny: iterating all entities generically
          const check = () => assertTransition(entity as any, from as never, to as never);
          if (allowed) {
            expect(check).not.toThrow();
          } else {
            expect(check).toThrow(ConflictError);
            try {
              check();
            } catch (error) {
              expect((error as ConflictError).currentState).toBe(from);
              expect((error as Error).message).toContain(`is ${from}`);
            }
          }
        }
      }
    }
  });

  it("matches the documented lifecycle", () => {
    expect(canTransition("workstream", "active", "completed")).toBe(true);
    expect(canTransition("workstream", "completed", "active")).toBe(true); // reopen
    expect(canTransition("workstream", "completed", "cancelled")).toBe(false);
    expect(canTransition("decision", "open", "resolved")).toBe(true);
    expect(canTransition("decision", "resolved", "open")).toBe(false);
    expect(canTransition("domainGoal", "proposed", "active")).toBe(true);
    expect(canTransition("domainGoal", "achieved", "active")).toBe(false);
    expect(canTransition("task", "done", "todo")).toBe(true);
    expect(canTransition("task", "cancelled", "done")).toBe(false);
  });

  it("says when a state is final", () => {
    expect(() => assertTransition("decision", "resolved", "open")).toThrow(/resolved.*final/);
  });
});
