import { HUB_CALLS, type HubContext } from "../context/hub.js";
import { evaluateRule } from "../definitions/rule.js";
import type { CronActivity } from "../definitions/schema.js";
import { renderTemplate } from "../definitions/template.js";
import type { NewTask } from "../issue-core/store.js";
import type { DefinitionFailure } from "./for-event.js";
import { renderInstruction } from "./render.js";

interface CronActivityResult {
  /** How many items the context call returned (0 without a context call). */
  items: number;
  tasks: NewTask[];
  failures: DefinitionFailure[];
}

/**
 * One run of a cron definition. With a context call, the rule and the instruction apply to
 * each item it returns, and the dedupe key names the item's task; without one, the run itself
 * is the unit and its scheduled time is the run key.
 */
export async function runCronActivity(
  definition: CronActivity & { source: string },
  hub: HubContext | undefined,
  at: Date,
  now: Date,
): Promise<CronActivityResult> {
  const run = { at: at.toISOString() };
  const failures: DefinitionFailure[] = [];
  const tasks: NewTask[] = [];
  const task = (runKey: string, input: unknown): NewTask | undefined => {
    if (!definition.instruction) return undefined;
    try {
      return {
        definitionId: definition.id,
        eventId: null,
        runKey,
        subject: null,
        entityId: null,
        ...renderInstruction(definition.instruction, input),
      };
    } catch (error) {
      failures.push({ definitionId: definition.id, source: definition.source, error: error as Error });
      return undefined;
    }
  };

  if (!definition.context) {
    const created = task(run.at, { run });
    return { items: 0, tasks: created ? [created] : [], failures };
  }
  if (!hub)
    throw new Error(
      `${definition.id} calls ${definition.context.call}, but no hub is configured (STATEHUB_URL)`,
    );

  const items = await HUB_CALLS[definition.context.call].invoke(hub, definition.context.input);
  for (const item of items) {
    const input = { item, run };
    if (definition.rule && !evaluateRule(definition.rule, input, { now })) continue;
    let runKey: string;
    try {
      runKey = renderTemplate(definition.dedupeKey ?? run.at, input);
    } catch (error) {
      failures.push({ definitionId: definition.id, source: definition.source, error: error as Error });
      continue;
    }
    const created = task(runKey, input);
    if (created) tasks.push(created);
  }
  return { items: items.length, tasks, failures };
}
