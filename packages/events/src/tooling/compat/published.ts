import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { JsonSchema } from "../json-schema.js";
import { PACKAGE_DIR, parseDataSchemaFile } from "../paths.js";

/** One schema file of the published contract, as committed at `origin`. */
export interface PublishedFile {
  /** Path relative to the schemas directory, e.g. `org.statehub.repo.registered/v1.json`. */
  file: string;
  /** `envelope` for envelope.json, else the subject the file belongs to. */
  subject: string;
  version: number | undefined;
  schema: JsonSchema;
  /** The git ref it was read from, or `working tree` outside a git checkout. */
  origin: string;
}

const SCHEMAS = "schemas";

/**
 * The published contract is what is committed, not what is on disk: `pnpm gen` rewrites the
 * files on disk, so reading them would compare the catalog with itself. Each ref (HEAD, and a
 * base such as origin/main in CI) contributes its files; a file must be compatible with all.
 */
export function readPublishedFiles(
  refs: string[],
  packageDir = PACKAGE_DIR,
): {
  files: PublishedFile[];
  notes: string[];
  origins: string[];
} {
  if (!insideGitCheckout(packageDir)) {
    return {
      files: listWorkingTree(packageDir).flatMap((file) =>
        toPublished(file, readFileSync(join(packageDir, SCHEMAS, file), "utf8"), "working tree"),
      ),
      notes: ["not a git checkout: the files on disk are taken as the published contract"],
      origins: ["working tree"],
    };
  }
  const files: PublishedFile[] = [];
  const notes: string[] = [];
  const origins: string[] = [];
  for (const ref of refs) {
    if (!refExists(packageDir, ref)) {
      notes.push(`git ref ${ref} not found: skipped`);
      continue;
    }
    origins.push(ref);
    for (const file of git(packageDir, "ls-tree", "-r", "--name-only", ref, "--", SCHEMAS).split("\n")) {
      if (!file.endsWith(".json")) continue;
      const inSchemas = relative(SCHEMAS, file).split("\\").join("/");
      files.push(...toPublished(inSchemas, git(packageDir, "show", `${ref}:./${file}`), ref));
    }
  }
  return { files, notes, origins };
}

/**
 * Every commit in HEAD's history that changed a schema file. Each of them published a version
 * of the contract, so the catalog must stay compatible with all of them: otherwise a break
 * committed together with its regenerated schema would compare the catalog with itself.
 */
export function schemaHistory(packageDir = PACKAGE_DIR): string[] {
  if (!insideGitCheckout(packageDir)) return [];
  return git(packageDir, "log", "--format=%H", "HEAD", "--", SCHEMAS)
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Schema files currently on disk (relative to the schemas directory) and their text. */
export function readWorkingTree(packageDir = PACKAGE_DIR): Map<string, string> {
  const root = join(packageDir, SCHEMAS);
  return new Map(listWorkingTree(packageDir).map((file) => [file, readFileSync(join(root, file), "utf8")]));
}

/** Schema files currently on disk, relative to the schemas directory. */
export function listWorkingTree(packageDir = PACKAGE_DIR): string[] {
  const root = join(packageDir, SCHEMAS);
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .map((file) => file.split("\\").join("/"))
    .filter((file) => file.endsWith(".json"))
    .sort();
}

export const ENVELOPE_FILE = "envelope.json";

function toPublished(file: string, text: string, origin: string): PublishedFile[] {
  const parsed = parseDataSchemaFile(file);
  if (file !== ENVELOPE_FILE && parsed === undefined) return [];
  const schema = JSON.parse(text) as JsonSchema;
  return [{ file, subject: parsed?.subject ?? "envelope", version: parsed?.version, schema, origin }];
}

function insideGitCheckout(packageDir: string): boolean {
  try {
    return git(packageDir, "rev-parse", "--is-inside-work-tree").trim() === "true";
  } catch {
    return false;
  }
}

function refExists(packageDir: string, ref: string): boolean {
  try {
    git(packageDir, "rev-parse", "--verify", "--quiet", `${ref}^{commit}`);
    return true;
  } catch {
    return false;
  }
}

function git(packageDir: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd: packageDir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
}
