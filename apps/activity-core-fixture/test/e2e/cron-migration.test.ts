import { existsSync, readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  checkUniqueIds,
  DEFAULT_DEFINITIONS_DIR,
  type LoadedDefinition,
  parseDefinition,
} from "../../src/index.js";

const DOC = fileURLToPath(new URL("../../../../docs/cron-migration.md", import.meta.url));

// Markdown links to definition files: [`id`](../apps/activity-core-fixture/definitions/x.yaml)
const DEFINITION_LINK = /\[`?([^\]`]+)`?\]\(([^)\s]*activity-core-fixture\/definitions\/[^)\s]+)\)/g;

function linkedDefinitions(markdown: string): { text: string; file: string }[] {
  return [...markdown.matchAll(DEFINITION_LINK)].map(([, text = "", target = ""]) => ({
    text,
    file: resolve(dirname(DOC), target),
  }));
}

// The migration table is a promise to operators: every definition it links must be a real,
// valid file of the fixture, so a renamed or broken definition cannot leave the doc lying.
describe("docs/cron-migration.md", () => {
  const links = linkedDefinitions(readFileSync(DOC, "utf8"));

  it("links the definitions that replace the stale-task cleanup and the blocked-workstream reminder", () => {
    expect(links.map((l) => l.text)).toEqual(
      expect.arrayContaining(["stale-task-sweep", "stale-task-follow-up", "blocked-workstream-reminder"]),
    );
  });

  it("links only existing, valid definition files shipped with the fixture, each named by its id", () => {
    const problems: string[] = [];
    const loaded: LoadedDefinition[] = [];
    for (const { text, file } of links) {
      const shown = relative(dirname(DOC), file);
      if (!existsSync(file)) {
        problems.push(`${shown}: linked, but there is no such file`);
        continue;
      }
      if (dirname(file) !== DEFAULT_DEFINITIONS_DIR.replace(/\/$/, "")) {
        problems.push(`${shown}: not in the fixture's definitions directory, so never loaded`);
      }
      const result = parseDefinition(shown, readFileSync(file, "utf8"));
      if (!result.ok) {
        problems.push(...result.problems);
        continue;
      }
      if (result.definition.id !== text)
        problems.push(`${shown}: linked as "${text}" but its id is "${result.definition.id}"`);
      loaded.push(result.definition);
    }
    // The same file may be linked twice; distinct files must not share an id.
    const distinct = [...new Map(loaded.map((d) => [d.source, d])).values()];
    problems.push(...checkUniqueIds(distinct));
    expect(problems).toEqual([]);
  });
});
