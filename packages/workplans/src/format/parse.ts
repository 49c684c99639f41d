import { KEY, REPO_NAME, SLUG, TITLE_MAX } from "@statehub/api/limits";
import { TASK_STATUSES, type TaskStatus, WORKSTREAM_STATUSES } from "@statehub/events";
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from "yaml";
import { z } from "zod";
import { splitFrontmatter } from "./frontmatter.js";
import type { WorkplanIssue } from "./issue.js";
import { firstHeading, titleFromHeading } from "./title.js";
import { KEYS, WORKPLAN_TYPE, type Workplan, type WorkplanTask } from "./workplan.js";

export type ParsedWorkplan =
  | { kind: "workplan"; workplan: Workplan }
  /** No frontmatter, or no `type: workplan`: a folder walk skips such a file. */
  | { kind: "not-a-workplan"; reason: string }
  | { kind: "invalid"; issues: WorkplanIssue[] };

const uuid = z.uuid();
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Reads a workplan from a file's text. Every problem found is reported, each where it is. */
export function parseWorkplan(text: string): ParsedWorkplan {
  const split = splitFrontmatter(text);
  if (split.kind === "none") {
    return {
      kind: "not-a-workplan",
      reason: "no YAML frontmatter (the file does not start with a --- line)",
    };
  }
  if (split.kind === "unclosed") {
    return {
      kind: "invalid",
      issues: [{ line: 1, column: 1, message: "the frontmatter opened here is never closed by a --- line" }],
    };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(split.yaml, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const lineOffset = split.yamlFirstLine - 1;
  const at = (node: Node | null | undefined): Pick<WorkplanIssue, "line" | "column"> => {
    if (!node?.range) return {};
    const pos = lineCounter.linePos(node.range[0]);
    return { line: pos.line + lineOffset, column: pos.col };
  };

  if (doc.errors.length > 0) {
    return {
      kind: "invalid",
      issues: doc.errors.map((error) => ({
        ...(error.linePos ? { line: error.linePos[0].line + lineOffset, column: error.linePos[0].col } : {}),
        message: `malformed YAML: ${firstLine(error.message)}`,
      })),
    };
  }
  const root = doc.contents;
  if (!isMap(root)) return { kind: "not-a-workplan", reason: "the frontmatter is not a mapping of keys" };
  const type = textOf(root.get(KEYS.type, true));
  if (type !== WORKPLAN_TYPE) {
    return {
      kind: "not-a-workplan",
      reason:
        type === undefined ? "no `type: workplan` in the frontmatter" : `its type is "${type}", not workplan`,
    };
  }

  const issues: WorkplanIssue[] = [];
  const field = new FieldReader(root, at, issues);
  const key = field.text(KEYS.id, { required: true, ...KEY });
  const domain = field.text(KEYS.domain, { required: true, ...SLUG });
  const repo = field.text(KEYS.repo, { required: false, ...REPO_NAME });
  const status = field.status(KEYS.status, WORKSTREAM_STATUSES);
  const workstreamId = field.uuid(KEYS.workstreamId);
  const tasks = readTasks(root, at, issues);

  const heading = firstHeading(split.body);
  let title: string | undefined;
  if (!heading) {
    issues.push({ message: "no title: the body has no `# ` heading" });
  } else {
    const where = { line: split.bodyFirstLine + heading.lineIndex, column: heading.column };
    title = titleFromHeading(heading.text, key ?? "");
    const problem = textProblem(title, TITLE_MAX);
    if (problem) issues.push({ ...where, message: `the title (first # heading) ${problem}` });
  }

  if (issues.length > 0 || key === undefined || domain === undefined || title === undefined || !tasks) {
    return { kind: "invalid", issues };
  }
  return { kind: "workplan", workplan: { key, title, domain, repo, status, workstreamId, tasks } };
}

type At = (node: Node | null | undefined) => Pick<WorkplanIssue, "line" | "column">;

interface TextRule {
  required: boolean;
  max: number;
  pattern?: RegExp;
  rule?: string;
}

/** Reads and checks the values of one mapping, recording an issue for each bad one. */
class FieldReader {
  constructor(
    private readonly map: YAMLMap,
    private readonly at: At,
    private readonly issues: WorkplanIssue[],
    private readonly label = "",
  ) {}

  private node(name: string): Node | undefined {
    const value = this.map.get(name, true) as unknown;
    return isScalar(value) || isMap(value) || isSeq(value) ? (value as Node) : undefined;
  }

  private fail(node: Node | undefined, message: string): undefined {
    this.issues.push({ ...(node ? this.at(node) : this.at(this.map)), message: `${this.label}${message}` });
    return undefined;
  }

  text(name: string, rule: TextRule): string | undefined {
    const node = this.node(name);
    const value = textOf(node);
    if (value === undefined) {
      if (node && !isScalar(node)) return this.fail(node, `\`${name}\` must be text, not a list or mapping`);
      return rule.required ? this.fail(undefined, `missing \`${name}\``) : undefined;
    }
    const problem = textProblem(value, rule.max);
    if (problem) return this.fail(node, `\`${name}\` ${problem}`);
    if (rule.pattern && !rule.pattern.test(value)) {
      return this.fail(node, `\`${name}\` "${value}" must be ${rule.rule}`);
    }
    return value;
  }

  status<S extends string>(name: string, allowed: readonly S[]): S | undefined {
    const node = this.node(name);
    const value = textOf(node);
    if (value === undefined) {
      return node && !isScalar(node) ? this.fail(node, `\`${name}\` must be text`) : undefined;
    }
    if (!(allowed as readonly string[]).includes(value)) {
      return this.fail(node, `unknown ${name} "${value}" (allowed: ${allowed.join(", ")})`);
    }
    return value as S;
  }

  uuid(name: string): string | undefined {
    const node = this.node(name);
    const value = textOf(node);
    if (value === undefined)
      return node && !isScalar(node) ? this.fail(node, `\`${name}\` must be a UUID`) : undefined;
    if (!uuid.safeParse(value).success) return this.fail(node, `\`${name}\` "${value}" is not a UUID`);
    return value.toLowerCase();
  }
}

function readTasks(root: YAMLMap, at: At, issues: WorkplanIssue[]): WorkplanTask[] | undefined {
  const node = root.get(KEYS.tasks, true) as unknown;
  if (node === undefined || (isScalar(node) && node.value === null)) return [];
  if (!isSeq(node)) {
    issues.push({ ...at(node as Node), message: "`tasks` must be a list of tasks" });
    return undefined;
  }
  const tasks: WorkplanTask[] = [];
  const firstLineOf = new Map<string, number | undefined>();
  let ok = true;
  for (const [index, item] of node.items.entries()) {
    if (!isMap(item)) {
      issues.push({
        ...at(item as Node),
        message: `task ${index + 1} must be a mapping (id, title, status)`,
      });
      ok = false;
      continue;
    }
    const before = issues.length;
    const field = new FieldReader(item, at, issues, `task ${index + 1}: `);
    const key = field.text(KEYS.id, { required: true, ...KEY });
    const title = field.text(KEYS.taskTitle, { required: true, max: TITLE_MAX });
    const status = field.status(KEYS.status, TASK_STATUSES) as TaskStatus | undefined;
    const taskId = field.uuid(KEYS.taskId);
    if (key !== undefined) {
      const where = at(item.get(KEYS.id, true) as Node);
      if (firstLineOf.has(key)) {
        const first = firstLineOf.get(key);
        issues.push({
          ...where,
          message: `duplicate task id "${key}"${first === undefined ? "" : ` (first at line ${first})`}`,
        });
      } else {
        firstLineOf.set(key, where.line);
      }
    }
    if (issues.length > before || key === undefined || title === undefined) {
      ok = false;
      continue;
    }
    tasks.push({ key, title, status, taskId });
  }
  return ok ? tasks : undefined;
}

/**
 * The text of a scalar as written: a plain `01` or `1.10` stays "01" / "1.10" (keys are
 * names, not numbers); null or empty is undefined.
 */
function textOf(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null) return undefined;
  if (typeof node.value === "string") return node.value;
  return typeof node.source === "string" ? node.source : String(node.value);
}

function textProblem(value: string, max: number): string | undefined {
  if (value.trim() === "") return "must not be empty";
  if (value.length > max) return `is ${value.length} characters long, over the limit of ${max}`;
  if (value.includes("\u0000")) return "must not contain NUL characters";
  if (LONE_SURROGATE.test(value)) return "must be valid unicode (no lone surrogates)";
  return undefined;
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}
