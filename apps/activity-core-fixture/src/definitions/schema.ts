import {
  catalog,
  EnvelopeAttributes,
  type EventData,
  isSubject,
  SLUG_MAX,
  SLUG_PATTERN,
  SUBJECTS,
  type Subject,
} from "@statehub/events";
import { Cron } from "croner";
import { z } from "zod";
import { HUB_CALL_NAMES, HUB_CALLS, type HubCallName } from "../context/hub.js";
import { DOTTED_PATH, schemaHasPath } from "../paths.js";
import { type Rule, RuleSchema, rulePaths } from "./rule.js";
import { placeholdersOf } from "./template.js";

/** A path into an envelope of subject S: a data field or an envelope attribute. */
export type EnvelopePath<S extends Subject> =
  | `data.${keyof EventData<S> & string}`
  | keyof EnvelopeAttributes;

export interface Instruction {
  /** Templates: `{{data.name}}`, `{{subject}}` (the entity id), `{{item.key}}` for cron items. */
  title: string;
  body: string;
  labels: string[];
}

export interface EventActivity<S extends Subject = Subject> {
  id: string;
  description: string;
  trigger: { event: S };
  rule?: Rule<EnvelopePath<S>> | undefined;
  instruction: Instruction;
}

export interface CronActivity {
  id: string;
  description: string;
  trigger: { cron: string; timezone?: string | undefined };
  /** The hub call whose result items the rule and the instruction read as `item`. */
  context?: { call: HubCallName; input: Record<string, unknown> } | undefined;
  rule?: Rule | undefined;
  instruction?: Instruction | undefined;
  /** Template naming one item's task uniquely (e.g. per blocking episode); required with context + instruction. */
  dedupeKey?: string | undefined;
}

/** An event definition of any subject, narrowed by `trigger.event`. */
type AnyEventActivity = { [S in Subject]: EventActivity<S> }[Subject];

export type ActivityDefinition = AnyEventActivity | CronActivity;

export function isEventActivity(definition: ActivityDefinition): definition is AnyEventActivity {
  return "event" in definition.trigger;
}

const slug = z
  .string()
  .min(1)
  .max(SLUG_MAX)
  .regex(SLUG_PATTERN, "must be a slug: lowercase letters, digits and dashes");

const InstructionSchema = z.strictObject({
  title: z.string().min(1).max(500),
  body: z.string().max(20_000).default(""),
  labels: z.array(z.string().min(1).max(100)).max(20).default([]),
});

const RawDefinition = z.strictObject({
  id: slug,
  description: z.string().min(1).max(2_000),
  trigger: z.strictObject({
    event: z.string().optional(),
    cron: z.string().optional(),
    timezone: z.string().optional(),
  }),
  rule: RuleSchema.optional(),
  instruction: InstructionSchema.optional(),
  context: z
    .strictObject({
      call: z.enum(HUB_CALL_NAMES),
      input: z.record(z.string(), z.unknown()).default({}),
    })
    .optional(),
  dedupeKey: z.string().min(1).max(500).optional(),
});
type RawDefinition = z.output<typeof RawDefinition>;

type Path = (string | number)[];
type Report = (path: Path, message: string) => void;

/** What an event definition's paths may name: the envelope's attributes and its subject's data. */
function envelopeSchemaOf(subject: Subject): z.ZodType {
  return z.object({ ...EnvelopeAttributes.shape, data: catalog[subject].data });
}

function checkPaths(definition: RawDefinition, readable: z.ZodType, what: string, report: Report): void {
  if (definition.rule) {
    for (const { path, at } of rulePaths(definition.rule, ["rule"])) {
      if (!schemaHasPath(readable, path)) report(at, `${path} is not a field of ${what}`);
    }
  }
  const templates: [Path, string | undefined][] = [
    [["instruction", "title"], definition.instruction?.title],
    [["instruction", "body"], definition.instruction?.body],
    ...(definition.instruction?.labels ?? []).map((label, index): [Path, string] => [
      ["instruction", "labels", index],
      label,
    ]),
    [["dedupeKey"], definition.dedupeKey],
  ];
  for (const [at, template] of templates) {
    for (const placeholder of placeholdersOf(template ?? "")) {
      if (!DOTTED_PATH.test(placeholder)) report(at, `placeholder {{${placeholder}}} is not a dotted path`);
      else if (!schemaHasPath(readable, placeholder)) {
        report(at, `placeholder {{${placeholder}}} is not a field of ${what}`);
      }
    }
  }
}

function checkEventDefinition(definition: RawDefinition, event: string, report: Report): void {
  if (!isSubject(event)) {
    report(["trigger", "event"], `unknown subject ${event} (known: ${SUBJECTS.join(", ")})`);
    return;
  }
  if (!definition.instruction) report(["instruction"], "an event definition needs an instruction");
  if (definition.context) report(["context"], "only cron definitions have a context call");
  if (definition.dedupeKey) report(["dedupeKey"], "event definitions are unique per event id already");
  checkPaths(definition, envelopeSchemaOf(event), `a ${event} envelope`, report);
}

function checkCronDefinition(definition: RawDefinition, cron: string, report: Report): void {
  try {
    const job = new Cron(cron, { paused: true, timezone: definition.trigger.timezone });
    job.nextRun();
    job.stop();
  } catch (error) {
    report(["trigger", "cron"], `invalid cron expression "${cron}": ${(error as Error).message}`);
  }
  const context = definition.context;
  if (!context) {
    if (!definition.instruction) report([], "a cron definition needs a context call, an instruction or both");
    if (definition.rule)
      report(["rule"], "a rule on a cron definition reads context items: add a context call");
    if (definition.dedupeKey) report(["dedupeKey"], "dedupeKey names context items: add a context call");
    checkPaths(definition, z.object({ run: z.object({ at: z.string() }) }), "a cron run", report);
    return;
  }
  const call = HUB_CALLS[context.call];
  const input = call.input.safeParse(context.input);
  if (!input.success) {
    for (const issue of input.error.issues)
      report(["context", "input", ...issue.path.map(String)], issue.message);
  }
  if (definition.instruction && !definition.dedupeKey) {
    report(["dedupeKey"], "a cron definition creating tasks from context items needs a dedupeKey template");
  }
  checkPaths(
    definition,
    z.object({ item: call.item, run: z.object({ at: z.string() }) }),
    `a ${context.call} item`,
    report,
  );
}

/**
 * The zod schema of an ActivityDefinition as written in a data file. Beyond shapes, it checks
 * what would otherwise fail only when an event arrives: the subject is in the catalog, the cron
 * expression parses, and every rule path and placeholder names a field the input will carry.
 */
export const ActivityDefinitionSchema = RawDefinition.superRefine((definition, ctx) => {
  const report: Report = (path, message) => ctx.addIssue({ code: "custom", path, message });
  const { event, cron } = definition.trigger;
  if ((event === undefined) === (cron === undefined)) {
    report(["trigger"], "a trigger has exactly one of event or cron");
  } else if (event !== undefined) {
    if (definition.trigger.timezone !== undefined)
      report(["trigger", "timezone"], "only cron triggers have a timezone");
    checkEventDefinition(definition, event, report);
  } else if (cron !== undefined) {
    checkCronDefinition(definition, cron, report);
  }
}).transform((definition) => definition as unknown as ActivityDefinition);
