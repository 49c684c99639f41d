import type { Subject } from "@statehub/events";
import type { Rule } from "./rule.js";
import type { CronActivity, EnvelopePath, EventActivity, Instruction } from "./schema.js";

// Spelled out rather than derived with Omit<>: S must be inferable from `trigger.event`.
interface EventActivityInput<S extends Subject> {
  id: string;
  description: string;
  trigger: { event: S };
  rule?: Rule<EnvelopePath<S>>;
  instruction: Pick<Instruction, "title"> & Partial<Instruction>;
}

/**
 * Types a definition written in TS against the catalog: the subject must exist and rule paths
 * must name fields of its data. Placeholders inside templates are strings, so they are checked
 * when the definition is registered (startFixture validates TS definitions like files).
 */
export function defineActivity<const S extends Subject>(definition: EventActivityInput<S>): EventActivity<S>;
export function defineActivity(definition: CronActivity): CronActivity;
export function defineActivity(definition: { trigger: object; instruction?: object }): object {
  if ("event" in definition.trigger && definition.instruction) {
    return { ...definition, instruction: { body: "", labels: [], ...definition.instruction } };
  }
  return definition;
}
