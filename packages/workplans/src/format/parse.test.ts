import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseWorkplan } from "./parse.js";

const example = (name: string) =>
  readFileSync(new URL(`../../../../examples/workplans/${name}`, import.meta.url), "utf8");

/** A workplan file from frontmatter lines and a body. */
const file = (frontmatter: string[], body = "# WP-1: A title\n") =>
  `---\n${frontmatter.join("\n")}\n---\n\n${body}`;
const BASE = ["id: WP-1", "type: workplan", "domain: platform"];

function issuesOf(text: string) {
  const parsed = parseWorkplan(text);
  if (parsed.kind !== "invalid") throw new Error(`expected invalid, got ${JSON.stringify(parsed)}`);
  return parsed.issues;
}

describe("parseWorkplan", () => {
  it("reads the example from the issue: key, title without the id prefix, statuses, tasks", () => {
    const parsed = parseWorkplan(example("cust-wp-0040-nats-integration.md"));
    expect(parsed).toEqual({
      kind: "workplan",
      workplan: {
        key: "CUST-WP-0040",
        title: "State Hub NATS / Activity-Core Integration",
        domain: "custodian",
        repo: "the-custodian",
        status: "completed",
        workstreamId: undefined,
        tasks: [
          {
            key: "T01",
            title: "Connect state hub event publisher to NATS JetStream",
            status: "done",
            taskId: undefined,
          },
          {
            key: "T02",
            title: "Define NATS subject schema for state hub lifecycle events",
            status: "done",
            taskId: undefined,
          },
          {
            key: "T03",
            title: "Replace the custodian-sync timer with a CI step",
            status: "done",
            taskId: undefined,
          },
        ],
      },
    });
  });

  it("takes the first # heading outside code blocks, flow-style tasks, and ignores unknown keys", () => {
    const sync = parseWorkplan(example("cust-wp-0041-workplan-sync.md"));
    expect(sync.kind === "workplan" && sync.workplan.title).toBe("Workplans sync from CI");
    const refunds = parseWorkplan(example("pay-wp-0008-refund-api.md"));
    expect(refunds.kind === "workplan" && refunds.workplan.tasks.map((t) => t.key)).toEqual(["T01", "T02"]);
    const heading = parseWorkplan(file(BASE, "```\n# not this\n```\n\n# WP-1:   The title ##\n"));
    expect(heading.kind === "workplan" && heading.workplan.title).toBe("The title");
  });

  it('keeps keys as written: a plain 01 is the key "01", not the number 1', () => {
    const parsed = parseWorkplan(
      file(
        ["id: 0040", "type: workplan", "domain: d", "tasks:", "  - id: 01", "    title: 2026"],
        "# 0040: x\n",
      ),
    );
    expect(parsed.kind === "workplan" && [parsed.workplan.key, parsed.workplan.tasks[0]]).toEqual([
      "0040",
      { key: "01", title: "2026", status: undefined, taskId: undefined },
    ]);
  });

  it("reads the hub's ids and leaves absent statuses undefined", () => {
    const parsed = parseWorkplan(
      file([
        ...BASE,
        "state_hub_workstream_id: 0198A3C4-0000-7000-8000-000000000001",
        "tasks:",
        "  - id: T1",
        "    title: t",
        "    state_hub_task_id: 0198a3c4-0000-7000-8000-000000000002",
      ]),
    );
    expect(parsed.kind === "workplan" && parsed.workplan).toMatchObject({
      status: undefined,
      workstreamId: "0198a3c4-0000-7000-8000-000000000001",
      tasks: [{ key: "T1", status: undefined, taskId: "0198a3c4-0000-7000-8000-000000000002" }],
    });
  });

  describe("not a workplan (a folder walk skips these)", () => {
    it("no frontmatter", () => {
      expect(parseWorkplan("# Just a README\n")).toEqual({
        kind: "not-a-workplan",
        reason: "no YAML frontmatter (the file does not start with a --- line)",
      });
    });
    it("frontmatter without type: workplan", () => {
      expect(parseWorkplan("---\ntitle: notes\n---\n# x\n")).toMatchObject({ kind: "not-a-workplan" });
      expect(parseWorkplan("---\ntype: note\n---\n# x\n")).toEqual({
        kind: "not-a-workplan",
        reason: 'its type is "note", not workplan',
      });
    });
  });

  describe("bad input: each problem with its line and column in the file", () => {
    it("frontmatter that is never closed", () => {
      expect(issuesOf("---\nid: WP-1\ntype: workplan\n# WP-1: x\n")).toEqual([
        { line: 1, column: 1, message: "the frontmatter opened here is never closed by a --- line" },
      ]);
    });

    it("malformed YAML", () => {
      const issues = issuesOf(file([...BASE, "status: [active", "tasks: {"]));
      expect(issues[0]).toMatchObject({
        line: 6,
        column: 1,
        message: expect.stringMatching(/^malformed YAML: /),
      });
    });

    it("a key given twice", () => {
      expect(issuesOf(file([...BASE, "domain: other"]))).toEqual([
        { line: 5, column: 1, message: "malformed YAML: Map keys must be unique" },
      ]);
    });

    it("missing id (and missing domain)", () => {
      expect(issuesOf(file(["type: workplan"], "# A title\n"))).toEqual([
        { line: 2, column: 1, message: "missing `id`" },
        { line: 2, column: 1, message: "missing `domain`" },
      ]);
    });

    it("duplicate task ids", () => {
      const issues = issuesOf(
        file([
          ...BASE,
          "tasks:",
          "  - id: T1",
          "    title: a",
          "  - id: T2",
          "    title: b",
          "  - id: T1",
          "    title: c",
        ]),
      );
      expect(issues).toEqual([{ line: 10, column: 9, message: 'duplicate task id "T1" (first at line 6)' }]);
    });

    it("unknown statuses, listing the allowed ones", () => {
      const issues = issuesOf(
        file([...BASE, "status: finished", "tasks:", "  - id: T1", "    title: a", "    status: complete"]),
      );
      expect(issues).toEqual([
        {
          line: 5,
          column: 9,
          message: 'unknown status "finished" (allowed: planned, active, blocked, completed, cancelled)',
        },
        {
          line: 9,
          column: 13,
          message: 'task 1: unknown status "complete" (allowed: todo, in_progress, blocked, done, cancelled)',
        },
      ]);
    });

    it("titles and keys over the API's limits", () => {
      const long = "x".repeat(501);
      const issues = issuesOf(
        file(
          [
            `id: K${"1".repeat(100)}`,
            "type: workplan",
            "domain: d",
            "tasks:",
            "  - id: T1",
            `    title: ${long}`,
          ],
          `# ${long}\n`,
        ),
      );
      expect(issues).toEqual([
        { line: 2, column: 5, message: "`id` is 101 characters long, over the limit of 100" },
        { line: 7, column: 12, message: "task 1: `title` is 501 characters long, over the limit of 500" },
        {
          line: 10,
          column: 3,
          message: "the title (first # heading) is 501 characters long, over the limit of 500",
        },
      ]);
    });

    it("keys, domains and repos the API would refuse; ids that are not UUIDs", () => {
      const issues = issuesOf(
        file([
          "id: WP 1",
          "type: workplan",
          "domain: Platform",
          "repo: acme//x",
          "state_hub_workstream_id: 1234",
          "tasks:",
          "  - title: no id",
          "  - just text",
        ]),
      );
      expect(issues.map((i) => `${i.line}:${i.column} ${i.message}`)).toEqual([
        '2:5 `id` "WP 1" must be letters, digits, . _ -, starting with a letter or digit',
        '4:9 `domain` "Platform" must be lowercase letters, digits and -, starting with a letter or digit',
        '5:7 `repo` "acme//x" must be letters, digits, . _ - with / between segments (e.g. org/service)',
        '6:26 `state_hub_workstream_id` "1234" is not a UUID',
        "8:5 task 1: missing `id`",
        "9:5 task 2 must be a mapping (id, title, status)",
      ]);
    });

    it("no title heading", () => {
      expect(issuesOf(file(BASE, "Some prose, no heading.\n"))).toEqual([
        { message: "no title: the body has no `# ` heading" },
      ]);
    });
  });
});
