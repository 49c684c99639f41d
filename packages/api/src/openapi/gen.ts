import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildOpenApiDocument } from "./document.js";
import { renderJson } from "./json.js";

// Writes docs/openapi.json (the package sits two levels below the repository root).
const target = fileURLToPath(new URL("../../../../docs/openapi.json", import.meta.url));
const content = renderJson(buildOpenApiDocument());
let current: string | undefined;
try {
  current = readFileSync(target, "utf8");
} catch {
  current = undefined;
}
if (current === content) console.log("docs/openapi.json unchanged");
else {
  writeFileSync(target, content);
  console.log("wrote docs/openapi.json");
}
