import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { generateArtefacts } from "./artefacts.js";
import { listWorkingTree } from "./compat/published.js";
import { REPO_ROOT } from "./paths.js";

// Writes the generated contract artefacts. It only ever writes the current version's files:
// an older version's schema is published and stays, untouched, beside the new one.
const files = generateArtefacts(listWorkingTree());
let changed = 0;
for (const [path, content] of files) {
  const target = join(REPO_ROOT, path);
  if (readIfExists(target) === content) continue;
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
  changed += 1;
  console.log(`wrote ${path}`);
}
console.log(`contract artefacts: ${files.size} files, ${changed} changed`);

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
