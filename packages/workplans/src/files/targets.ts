import { readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";

/** A file to sync: named on the command line (`explicit`), or found in a folder. */
export interface Target {
  absPath: string;
  explicit: boolean;
}

export interface Targets {
  targets: Target[];
  /** Arguments that name nothing. */
  missing: string[];
}

// Folders a walk never enters: version control, dependencies.
const SKIPPED_FOLDERS = new Set(["node_modules"]);

/**
 * The files the arguments name: a file as it is, a folder walked (recursively, in name order)
 * for `*.md` files. A file named twice is synced once.
 */
export async function expandTargets(args: readonly string[], cwd: string): Promise<Targets> {
  const byPath = new Map<string, Target>();
  const missing: string[] = [];
  for (const arg of args) {
    const absPath = resolve(cwd, arg);
    const info = await stat(absPath).catch(() => undefined);
    if (!info) missing.push(arg);
    else if (info.isDirectory()) {
      for (const file of await walk(absPath)) {
        if (!byPath.has(file)) byPath.set(file, { absPath: file, explicit: false });
      }
    } else byPath.set(absPath, { absPath, explicit: true });
  }
  return { targets: [...byPath.values()], missing };
}

async function walk(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith(".") && !SKIPPED_FOLDERS.has(entry.name)) files.push(...(await walk(path)));
    } else if (entry.isFile() && entry.name.endsWith(".md")) files.push(path);
  }
  return files;
}
