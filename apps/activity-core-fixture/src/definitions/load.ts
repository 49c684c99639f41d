import { readdir, readFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { type ActivityDefinition, ActivityDefinitionSchema } from "./schema.js";

/** A definition together with where it came from, so every later message can name its file. */
export type LoadedDefinition = ActivityDefinition & { source: string };

/** One or more definitions were refused; each problem names the file and the path within it. */
export class DefinitionLoadError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid activity definitions:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "DefinitionLoadError";
  }
}

const EXTENSIONS = new Set([".yaml", ".yml", ".json"]);

function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(root)" : path.map(String).join(".");
}

function issuesOf(source: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => `${source}: ${formatPath(issue.path)}: ${issue.message}`);
}

/** Parses one file's text (YAML, of which JSON is a subset) into a definition or problems. */
export function parseDefinition(
  source: string,
  text: string,
): { ok: true; definition: LoadedDefinition } | { ok: false; problems: string[] } {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => {
        const at = error.linePos?.[0];
        const where = at ? ` at line ${at.line}, column ${at.col}` : "";
        // With prettyErrors the message repeats the position and quotes the line: keep the reason.
        const reason = (error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
        return `${source}: YAML syntax error${where}: ${reason}`;
      }),
    };
  }
  return validateDefinition(source, document.toJS());
}

/** Validates a definition given as a value (a parsed file, or one written in TS). */
export function validateDefinition(
  source: string,
  value: unknown,
): { ok: true; definition: LoadedDefinition } | { ok: false; problems: string[] } {
  const parsed = ActivityDefinitionSchema.safeParse(value);
  if (!parsed.success) return { ok: false, problems: issuesOf(source, parsed.error) };
  return { ok: true, definition: { ...parsed.data, source } };
}

/** Refuses a set of definitions in which two share an id: ids key the issue-core tasks. */
export function checkUniqueIds(definitions: readonly LoadedDefinition[]): string[] {
  const firstSource = new Map<string, string>();
  const problems: string[] = [];
  for (const definition of definitions) {
    const earlier = firstSource.get(definition.id);
    if (earlier === undefined) firstSource.set(definition.id, definition.source);
    else problems.push(`${definition.source}: id: duplicate id "${definition.id}" (also in ${earlier})`);
  }
  return problems;
}

/**
 * Loads every *.yaml / *.yml / *.json file in a directory. All files are checked before
 * anything is refused, so one run reports every problem; sources read like `definitions/x.yaml`.
 */
export async function loadDefinitions(dir: string): Promise<LoadedDefinition[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => EXTENSIONS.has(extname(name))).sort();
  } catch (error) {
    throw new DefinitionLoadError([
      `${dir}: cannot read the definitions directory: ${(error as Error).message}`,
    ]);
  }
  const definitions: LoadedDefinition[] = [];
  const problems: string[] = [];
  for (const name of names) {
    const source = join(basename(dir), name);
    const result = parseDefinition(source, await readFile(join(dir, name), "utf8"));
    if (result.ok) definitions.push(result.definition);
    else problems.push(...result.problems);
  }
  problems.push(...checkUniqueIds(definitions));
  if (problems.length > 0) throw new DefinitionLoadError(problems);
  return definitions;
}
