import type { Subject } from "@statehub/events";
import type { CronActivity, EventActivity, Instruction } from "./schema.js";

type EventActivityInput<S extends Subject> = Omit<EventActivity<S>, "instruction"> & {
  instruction: Pick<Instruction, "title"> & Partial<Instruction>;
};

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
