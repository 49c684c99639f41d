import type { AnyEnvelope } from "@statehub/events";
import type { LoadedDefinition } from "../definitions/load.js";
import { evaluateRule } from "../definitions/rule.js";
import { isEventActivity } from "../definitions/schema.js";
import type { NewTask } from "../issue-core/store.js";
import { renderInstruction } from "./render.js";

export interface DefinitionFailure {
  definitionId: string;
  source: string;
  error: Error;
}

interface EventActivityResult {
  tasks: NewTask[];
  /** Definitions that matched but could not render; the others still produce their tasks. */
  failures: DefinitionFailure[];
}

/**
 * Runs every definition triggered by the envelope's subject: rule first, then the instruction.
 * Pure, so that the same envelope always yields the same tasks (redelivery depends on that).
 */
export function tasksForEvent(
  envelope: AnyEnvelope,
  entityId: string,
  definitions: readonly LoadedDefinition[],
  now: Date,
): EventActivityResult {
  const tasks: NewTask[] = [];
  const failures: DefinitionFailure[] = [];
  for (const definition of definitions) {
    if (!isEventActivity(definition) || definition.trigger.event !== envelope.type) continue;
    try {
      if (definition.rule && !evaluateRule(definition.rule, envelope, { now })) continue;
      const rendered = renderInstruction(definition.instruction, envelope);
      tasks.push({
        definitionId: definition.id,
        eventId: envelope.id,
        runKey: null,
        subject: envelope.type,
        entityId,
        ...rendered,
      });
    } catch (error) {
      failures.push({ definitionId: definition.id, source: definition.source, error: error as Error });
    }
  }
  return { tasks, failures };
}
