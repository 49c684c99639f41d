import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SUBJECTS } from "@statehub/events";
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import {
  DEFAULT_DEFINITIONS_DIR,
  DefinitionLoadError,
  defineActivity,
  evaluateRule,
  isEventActivity,
  loadDefinitions,
  type Rule,
  renderTemplate,
  TemplateError,
  validateDefinition,
} from "../src/index.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes files into a fresh `definitions/` directory, so sources read `definitions/<file>`. */
function definitionsDir(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "activity-defs-"));
  dirs.push(root);
  const dir = join(root, "definitions");
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function problemsOf(files: Record<string, string>): Promise<string[]> {
  try {
    await loadDefinitions(definitionsDir(files));
  } catch (error) {
    expect(error).toBeInstanceOf(DefinitionLoadError);
    return (error as DefinitionLoadError).problems;
  }
  throw new Error("the definitions loaded, but should have been refused");
}

const eventDefinition = (id: string, extra = "") => `
id: ${id}
description: test
trigger:
  event: org.statehub.repo.registered
instruction:
  title: "Set up CI for {{data.name}}"
${extra}`;

describe("shipped definitions", () => {
  it("all load, one per v1 subject plus the two cron definitions", async () => {
    const definitions = await loadDefinitions(DEFAULT_DEFINITIONS_DIR);
    const subjects = definitions.flatMap((d) => (isEventActivity(d) ? [d.trigger.event] : []));
    expect([...subjects].sort()).toEqual([...SUBJECTS].sort());
    const crons = definitions.filter((d) => !isEventActivity(d)).map((d) => d.id);
    expect(crons.sort()).toEqual(["blocked-workstream-reminder", "stale-task-sweep"]);
    for (const d of definitions) expect(d.source).toMatch(/^definitions\/[a-z-]+\.yaml$/);
  });
});

describe("bad definitions are refused, naming the file and the path within it", () => {
  it("an unknown subject", async () => {
    const problems = await problemsOf({
      "x.yaml": eventDefinition("x").replace("org.statehub.repo.registered", "org.statehub.nope"),
    });
    expect(problems).toEqual([
      expect.stringMatching(/^definitions\/x\.yaml: trigger\.event: unknown subject org\.statehub\.nope/),
    ]);
  });

  it("a cron expression croner does not accept", async () => {
    const problems = await problemsOf({
      "c.yaml": `id: c\ndescription: t\ntrigger: { cron: "61 * * * *" }\ninstruction: { title: "t" }\n`,
    });
    expect(problems).toEqual([
      expect.stringMatching(/^definitions\/c\.yaml: trigger\.cron: invalid cron expression "61 \* \* \* \*"/),
    ]);
  });

  it("an unknown rule operator, deep in a combinator", async () => {
    const problems = await problemsOf({
      "r.yaml": eventDefinition(
        "r",
        "rule:\n  all:\n    - exists: { path: data.url }\n    - matches: { path: data.name, pattern: x }\n",
      ),
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /^definitions\/r\.yaml: rule\.all\.1: unknown rule operator "matches" \(expected one of/,
      ),
    ]);
  });

  it("a placeholder or rule path naming a field the subject's data does not have", async () => {
    const problems = await problemsOf({
      "p.yaml": eventDefinition("p", "rule:\n  equals: { path: data.owner, value: x }\n").replace(
        "{{data.name}}",
        "{{data.nmae}}",
      ),
    });
    expect(problems).toEqual([
      "definitions/p.yaml: rule.equals.path: data.owner is not a field of a org.statehub.repo.registered envelope",
      "definitions/p.yaml: instruction.title: placeholder {{data.nmae}} is not a field of a org.statehub.repo.registered envelope",
    ]);
  });

  it("a duplicate id across files", async () => {
    const problems = await problemsOf({
      "a.yaml": eventDefinition("same"),
      "b.yaml": eventDefinition("same"),
    });
    expect(problems).toEqual(['definitions/b.yaml: id: duplicate id "same" (also in definitions/a.yaml)']);
  });

  it("a YAML syntax error, with its line", async () => {
    const problems = await problemsOf({
      "y.yaml": "id: y\ntrigger: { event: org.statehub.repo.registered\n",
    });
    expect(problems[0]).toMatch(/^definitions\/y\.yaml: YAML syntax error at line \d+, column \d+: /);
  });

  it("missing and malformed fields, all reported at once, across files", async () => {
    const problems = await problemsOf({
      "m.yaml": "id: Not A Slug\ntrigger: { event: org.statehub.repo.registered, cron: '* * * * *' }\n",
      "n.yaml": eventDefinition("n", "colour: blue\n"),
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^definitions\/m\.yaml: id: must be a slug/),
        expect.stringMatching(/^definitions\/m\.yaml: description: /),
        expect.stringMatching(/^definitions\/n\.yaml: \(root\): Unrecognized key: "colour"/),
      ]),
    );
  });

  it("a trigger with both an event and a cron expression", async () => {
    const problems = await problemsOf({
      "t.yaml": eventDefinition("t").replace("trigger:", "trigger:\n  cron: '* * * * *'"),
    });
    expect(problems).toEqual(["definitions/t.yaml: trigger: a trigger has exactly one of event or cron"]);
  });

  it("cron definitions: an unknown hub call, bad call input, a context item field that does not exist", async () => {
    const problems = await problemsOf({
      "u.yaml": `id: u\ndescription: t\ntrigger: { cron: "0 * * * *" }\ncontext: { call: tasks.delete }\n`,
      "v.yaml": `id: v\ndescription: t\ntrigger: { cron: "0 * * * *" }\ncontext: { call: maintenance.flagStaleTasks, input: { thresholdDays: 0 } }\n`,
      "w.yaml": `id: w\ndescription: t\ntrigger: { cron: "0 * * * *" }\ncontext: { call: workstreams.list }\ndedupeKey: "{{item.id}}"\ninstruction: { title: "{{item.owner}}" }\n`,
    });
    expect(problems).toEqual([
      expect.stringMatching(/^definitions\/u\.yaml: context\.call: /),
      expect.stringMatching(/^definitions\/v\.yaml: context\.input\.thresholdDays: /),
      "definitions/w.yaml: instruction.title: placeholder {{item.owner}} is not a field of a workstreams.list item",
    ]);
  });

  it("JSON files load as well", async () => {
    const dir = definitionsDir({
      "j.json": JSON.stringify({
        id: "j",
        description: "t",
        trigger: { event: "org.statehub.task.stale" },
        instruction: { title: "{{data.key}}" },
      }),
    });
    const [definition] = await loadDefinitions(dir);
    expect(definition).toMatchObject({
      id: "j",
      instruction: { body: "", labels: [] },
      source: "definitions/j.json",
    });
  });
});

describe("rules", () => {
  const envelope = {
    type: "org.statehub.task.stale",
    data: { status: "blocked", domain: "payments", url: null, lastUpdatedAt: "2025-01-01T00:00:00Z", n: 3 },
  };
  const now = new Date("2025-01-15T00:00:00Z");
  const holds = (rule: Rule) => evaluateRule(rule, envelope, { now });

  it("equals, in, exists", () => {
    expect(holds({ equals: { path: "data.domain", value: "payments" } })).toBe(true);
    expect(holds({ equals: { path: "data.domain", value: "billing" } })).toBe(false);
    expect(holds({ equals: { path: "data.n", value: 3 } })).toBe(true);
    expect(holds({ equals: { path: "data.url", value: null } })).toBe(true);
    expect(holds({ in: { path: "data.status", values: ["todo", "blocked"] } })).toBe(true);
    expect(holds({ in: { path: "data.status", values: ["todo"] } })).toBe(false);
    expect(holds({ exists: { path: "data.domain" } })).toBe(true);
    expect(holds({ exists: { path: "data.url" } })).toBe(false);
    expect(holds({ exists: { path: "data.nothing.deeper" } })).toBe(false);
  });

  it("olderThan compares a timestamp path with the clock", () => {
    expect(holds({ olderThan: { path: "data.lastUpdatedAt", duration: "14d" } })).toBe(true);
    expect(holds({ olderThan: { path: "data.lastUpdatedAt", duration: "2w1d" } })).toBe(false);
    expect(holds({ olderThan: { path: "data.lastUpdatedAt", duration: "335h" } })).toBe(true);
    // Not a timestamp, or missing: never "old".
    expect(holds({ olderThan: { path: "data.domain", duration: "1s" } })).toBe(false);
    expect(holds({ olderThan: { path: "data.missing", duration: "1s" } })).toBe(false);
  });

  it("all, any, not", () => {
    const isPayments = { equals: { path: "data.domain", value: "payments" } };
    const isTodo = { equals: { path: "data.status", value: "todo" } };
    expect(holds({ all: [isPayments, { not: isTodo }] })).toBe(true);
    expect(holds({ all: [isPayments, isTodo] })).toBe(false);
    expect(holds({ any: [isTodo, isPayments] })).toBe(true);
    expect(holds({ any: [isTodo, { not: isPayments }] })).toBe(false);
    expect(holds({ not: { not: isPayments } })).toBe(true);
  });
});

describe("templates", () => {
  const input = { subject: "entity-1", data: { name: "acme/ledger", url: null, count: 2 } };

  it("replace placeholders by the values at their paths", () => {
    expect(renderTemplate("Set up CI for {{data.name}} ({{ subject }})", input)).toBe(
      "Set up CI for acme/ledger (entity-1)",
    );
    expect(renderTemplate("{{data.count}} / [{{data.url}}] / no placeholder", input)).toBe(
      "2 / [] / no placeholder",
    );
  });

  it("a placeholder naming a missing value is a TemplateError", () => {
    expect(() => renderTemplate("{{data.owner}}", input)).toThrow(TemplateError);
    expect(() => renderTemplate("{{data.owner}}", input)).toThrow(
      "placeholder {{data.owner}} names a missing value",
    );
  });
});

describe("defineActivity", () => {
  it("types definitions against the catalog, and they validate like files", () => {
    const definition = defineActivity({
      id: "ts-defined",
      description: "written in TS",
      trigger: { event: "org.statehub.decision.resolved" },
      rule: { exists: { path: "data.domain" } },
      instruction: { title: "Communicate {{data.title}}" },
    });
    expectTypeOf(definition.trigger.event).toEqualTypeOf<"org.statehub.decision.resolved">();
    expect(validateDefinition("inline", definition)).toMatchObject({ ok: true });

    const wrongField = {
      id: "bad",
      description: "a rule path that decision.resolved data lacks",
      trigger: { event: "org.statehub.decision.resolved" as const },
      rule: { exists: { path: "data.repoId" as const } },
      instruction: { title: "x" },
    };
    // @ts-expect-error data.repoId is not a field of decision.resolved
    defineActivity(wrongField);
    const unknownSubject = {
      id: "bad",
      description: "a subject outside the catalog",
      trigger: { event: "org.statehub.nope" as const },
      instruction: { title: "x" },
    };
    // @ts-expect-error not a subject of the catalog
    defineActivity(unknownSubject);
  });
});
