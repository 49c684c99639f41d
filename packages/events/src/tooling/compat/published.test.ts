import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listWorkingTree, readPublishedFiles, readWorkingTree, schemaHistory } from "./published.js";

// A package directory of its own per case: `schemas/` with an envelope, a data schema and a
// JSON file that is neither (it must be ignored), inside or outside a git checkout.
const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function packageDir(): string {
  const root = mkdtempSync(join(tmpdir(), "statehub-published-"));
  roots.push(root);
  mkdirSync(join(root, "schemas", "org.statehub.thing.done"), { recursive: true });
  writeSchemas(root, 10);
  writeFileSync(join(root, "schemas", "notes.json"), "{}");
  writeFileSync(join(root, "schemas", "README.md"), "not a schema");
  return root;
}

function writeSchemas(root: string, maxLength: number): void {
  writeFileSync(join(root, "schemas", "envelope.json"), JSON.stringify({ $id: "urn:statehub:envelope" }));
  writeFileSync(
    join(root, "schemas", "org.statehub.thing.done", "v1.json"),
    JSON.stringify({ $id: "urn:statehub:event:org.statehub.thing.done:v1", maxLength }),
  );
}

function git(root: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.org", ...args], {
    cwd: root,
    encoding: "utf8",
  }).trim();
}

function commitAll(root: string, message: string): string {
  git(root, "add", "-A");
  git(root, "commit", "-q", "--allow-empty", "-m", message);
  return git(root, "rev-parse", "HEAD");
}

describe("the published contract outside a git checkout", () => {
  it("is the files on disk, said in a note", () => {
    const root = packageDir();
    expect(readPublishedFiles(["HEAD"], root)).toEqual({
      files: [
        {
          file: "envelope.json",
          subject: "envelope",
          version: undefined,
          schema: { $id: "urn:statehub:envelope" },
          origin: "working tree",
        },
        {
          file: "org.statehub.thing.done/v1.json",
          subject: "org.statehub.thing.done",
          version: 1,
          schema: { $id: "urn:statehub:event:org.statehub.thing.done:v1", maxLength: 10 },
          origin: "working tree",
        },
      ],
      notes: ["not a git checkout: the files on disk are taken as the published contract"],
      origins: ["working tree"],
    });
    expect(schemaHistory(root)).toEqual([]);
  });
});

describe("the published contract in a git checkout", () => {
  // About twenty git processes: the limit guards against a hang on a loaded machine, not speed.
  it("is what each ref holds, refs that do not exist noted and skipped", { timeout: 180_000 }, () => {
    const root = packageDir();
    git(root, "init", "-q");
    const first = commitAll(root, "publish v1");
    writeSchemas(root, 20);
    writeFileSync(join(root, "unrelated.txt"), "x");
    expect(readPublishedFiles(["HEAD", "no-such-ref"], root)).toEqual({
      files: [
        {
          file: "envelope.json",
          subject: "envelope",
          version: undefined,
          schema: { $id: "urn:statehub:envelope" },
          origin: "HEAD",
        },
        {
          file: "org.statehub.thing.done/v1.json",
          subject: "org.statehub.thing.done",
          version: 1,
          schema: { $id: "urn:statehub:event:org.statehub.thing.done:v1", maxLength: 10 },
          origin: "HEAD",
        },
      ],
      notes: ["git ref no-such-ref not found: skipped"],
      origins: ["HEAD"],
    });
    const second = commitAll(root, "change the schema");
    commitAll(root, "a commit that touches no schema");
    expect(schemaHistory(root)).toEqual([second, first]);
    expect(readPublishedFiles([first], root).files.map((f) => [f.origin, f.schema])).toEqual([
      [first, { $id: "urn:statehub:envelope" }],
      [first, { $id: "urn:statehub:event:org.statehub.thing.done:v1", maxLength: 10 }],
    ]);
  });
});

describe("the schema files on disk", () => {
  it("are every .json under schemas/, relative and sorted, with their text", () => {
    const root = packageDir();
    expect(listWorkingTree(root)).toEqual(["envelope.json", "notes.json", "org.statehub.thing.done/v1.json"]);
    expect(readWorkingTree(root).get("org.statehub.thing.done/v1.json")).toBe(
      '{"$id":"urn:statehub:event:org.statehub.thing.done:v1","maxLength":10}',
    );
    expect(readWorkingTree(root).get("notes.json")).toBe("{}");
  });

  it("are sorted by path, a subject directory before a later top-level file", () => {
    const root = packageDir();
    mkdirSync(join(root, "schemas", "com.statehub.thing.done"));
    writeFileSync(join(root, "schemas", "com.statehub.thing.done", "v1.json"), "{}");
    expect(listWorkingTree(root)).toEqual([
      "com.statehub.thing.done/v1.json",
      "envelope.json",
      "notes.json",
      "org.statehub.thing.done/v1.json",
    ]);
  });

  it("are none when there is no schemas/ directory", () => {
    const root = mkdtempSync(join(tmpdir(), "statehub-published-"));
    roots.push(root);
    expect(listWorkingTree(root)).toEqual([]);
    expect(readWorkingTree(root).size).toBe(0);
  });
});
