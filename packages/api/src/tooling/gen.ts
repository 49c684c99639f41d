import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { withTransitionTables } from "./transition-tables.js";

// Writes the API's generated prose into the root README (run by `pnpm gen`).
const readme = fileURLToPath(new URL("../../../../README.md", import.meta.url));
const before = readFileSync(readme, "utf8");
const after = withTransitionTables(before);
if (after !== before) {
  writeFileSync(readme, after);
  console.log("wrote README.md (status transition tables)");
} else console.log("README.md transition tables: unchanged");
