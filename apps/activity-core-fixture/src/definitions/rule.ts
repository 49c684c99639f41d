import { z } from "zod";
import { dottedPath, valueAt } from "../paths.js";
import { durationText, parseDuration } from "./duration.js";

type Scalar = string | number | boolean | null;

/**
 * A rule is a small declarative predicate over the envelope (or, for cron definitions, over
 * one context item). Each node has exactly one operator; there is no way to run code.
 */
export interface Rule<P extends string = string> {
  equals?: { path: P; value: Scalar };
  in?: { path: P; values: Scalar[] };
  exists?: { path: P };
  olderThan?: { path: P; duration: string };
  all?: Rule<P>[];
  any?: Rule<P>[];
  not?: Rule<P>;
}

const OPERATORS = ["equals", "in", "exists", "olderThan", "all", "any", "not"] as const;

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const RuleSchema: z.ZodType<Rule> = z.lazy(() =>
  z
    .strictObject(
      {
        equals: z.strictObject({ path: dottedPath, value: scalar }).optional(),
        in: z.strictObject({ path: dottedPath, values: z.array(scalar).min(1) }).optional(),
        exists: z.strictObject({ path: dottedPath }).optional(),
        olderThan: z.strictObject({ path: dottedPath, duration: durationText }).optional(),
        all: z.array(RuleSchema).min(1).optional(),
        any: z.array(RuleSchema).min(1).optional(),
        not: RuleSchema.optional(),
      },
      {
        error: (issue) =>
          issue.code === "unrecognized_keys"
            ? `unknown rule operator ${issue.keys.map((k) => `"${k}"`).join(", ")} (expected one of ${OPERATORS.join(", ")})`
            : undefined,
      },
    )
    .refine((node) => operatorsOf(node).length === 1, {
      message: `a rule node needs exactly one operator (one of ${OPERATORS.join(", ")})`,
      // An unknown operator is already reported; "no operator" on top of it would only confuse.
      when: (payload) => payload.issues.length === 0,
    }),
);

function operatorsOf(node: Rule): string[] {
  return OPERATORS.filter((op) => node[op] !== undefined);
}

interface RuleContext {
  /** The clock olderThan compares against; injectable so tests and replays are deterministic. */
  now: Date;
}

export function evaluateRule(rule: Rule, subject: unknown, context: RuleContext): boolean {
  if (rule.equals) return valueAt(subject, rule.equals.path) === rule.equals.value;
  if (rule.in) {
    const value = valueAt(subject, rule.in.path);
    return rule.in.values.some((candidate) => candidate === value);
  }
  if (rule.exists) {
    const value = valueAt(subject, rule.exists.path);
    return value !== undefined && value !== null;
  }
  if (rule.olderThan) {
    const value = valueAt(subject, rule.olderThan.path);
    const at = typeof value === "string" ? Date.parse(value) : Number.NaN;
    // A missing or unreadable timestamp is not "old": the rule must not fire on bad data.
    if (Number.isNaN(at)) return false;
    return context.now.getTime() - at >= parseDuration(rule.olderThan.duration);
  }
  if (rule.all) return rule.all.every((child) => evaluateRule(child, subject, context));
  if (rule.any) return rule.any.some((child) => evaluateRule(child, subject, context));
  if (rule.not) return !evaluateRule(rule.not, subject, context);
  throw new Error("rule node without an operator (the schema should have refused it)");
}

/** Every path a rule reads, with where it sits in the rule, for load-time checks. */
export function rulePaths(
  rule: Rule,
  at: (string | number)[] = [],
): { path: string; at: (string | number)[] }[] {
  const found: { path: string; at: (string | number)[] }[] = [];
  for (const op of ["equals", "in", "exists", "olderThan"] as const) {
    const leaf = rule[op];
    if (leaf) found.push({ path: leaf.path, at: [...at, op, "path"] });
  }
  for (const op of ["all", "any"] as const) {
    rule[op]?.forEach((child, index) => {
      found.push(...rulePaths(child, [...at, op, index]));
    });
  }
  if (rule.not) found.push(...rulePaths(rule.not, [...at, "not"]));
  return found;
}
