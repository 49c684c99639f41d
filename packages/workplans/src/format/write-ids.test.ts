import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseWorkplan } from "./parse.js";
import { WriteIdsError, writeIds } from "./write-ids.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/write-ids/${name}`, import.meta.url), "utf8");

const id = (tail: string) => `0198a3c4-0000-7000-8000-${tail.padStart(12, "0")}`;

describe("writeIds", () => {
  const cases = [
    {
      name: "block",
      ids: {
        workstreamId: id("1"),
        taskIds: new Map([
          ["T01", id("a1")],
          ["T02", id("a2")],
          ["T03", id("a3")],
        ]),
      },
    },
    {
      name: "replace",
      ids: {
        workstreamId: id("2"),
        taskIds: new Map([
          ["T01", id("b1")],
          ["T02", id("b2")],
          ["T03", id("b3")],
        ]),
      },
    },
    {
      name: "flow-crlf",
      ids: {
        workstreamId: id("3"),
        taskIds: new Map([
          ["T01", id("c1")],
          ["T02", id("c2")],
          ["T03", id("c3")],
        ]),
      },
    },
  ];

  for (const { name, ids } of cases) {
    it(`${name}.md: only the ids change, byte for byte as in ${name}.expected.md`, () => {
      const result = writeIds(fixture(`${name}.md`), ids);
      expect(result.changed).toBe(true);
      expect(Buffer.from(result.text)).toEqual(Buffer.from(fixture(`${name}.expected.md`)));
    });

    it(`${name}.expected.md already has the ids: nothing changes`, () => {
      const expected = fixture(`${name}.expected.md`);
      expect(writeIds(expected, ids)).toEqual({ text: expected, changed: false });
    });
  }

  it("the written file parses to the ids it was given", () => {
    const parsed = parseWorkplan(fixture("block.expected.md"));
    if (parsed.kind !== "workplan") throw new Error(JSON.stringify(parsed));
    expect(parsed.workplan.workstreamId).toBe(id("1"));
    expect(parsed.workplan.tasks.map((t) => t.taskId)).toEqual([id("a1"), id("a2"), id("a3")]);
  });

  it("writes no id for a task the hub returned none for", () => {
    const text = "---\nid: A\ntype: workplan\ndomain: d\ntasks:\n  - id: T1\n    title: x\n---\n# A\n";
    const result = writeIds(text, { workstreamId: id("9"), taskIds: new Map() });
    expect(result.text).toBe(
      `---\nid: A\ntype: workplan\ndomain: d\nstate_hub_workstream_id: ${id("9")}\ntasks:\n  - id: T1\n    title: x\n---\n# A\n`,
    );
  });

  it("refuses, changing nothing, when an id's place holds a mapping", () => {
    const text = "---\nid: A\ntype: workplan\ndomain: d\nstate_hub_workstream_id:\n  nested: 1\n---\n# A\n";
    expect(() => writeIds(text, { workstreamId: id("9"), taskIds: new Map() })).toThrow(WriteIdsError);
  });
});
