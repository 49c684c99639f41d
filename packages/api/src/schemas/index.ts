// The API's shapes, one module per entity: the zod input schemas the router validates with and
// the services take (as z.infer types), and the output (DTO) schemas the procedures declare.
// docs/openapi.json is generated from these same definitions.
export * from "./dashboard.js";
export * from "./decisions.js";
export * from "./domain-goals.js";
export * from "./domains.js";
export * from "./events.js";
export * from "./fields.js";
export * from "./maintenance.js";
export * from "./outbox.js";
export * from "./progress.js";
export * from "./repos.js";
export * from "./tasks.js";
export * from "./workplans.js";
export * from "./workstreams.js";
