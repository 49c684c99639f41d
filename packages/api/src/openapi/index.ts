// The hub's OpenAPI 3.1 document, built from the router (what `pnpm gen` writes to
// docs/openapi.json and the server serves at /openapi.json).
export { buildOpenApiDocument } from "./document.js";
export type { JsonObject, JsonValue } from "./json.js";
export { renderJson } from "./json.js";
export { type ProcedureEntry, procedureEntries } from "./procedures.js";
