export { ConfigError, DEFAULT_DEFINITIONS_DIR, type FixtureConfig, readConfig } from "./config.js";
export { type EventSummary, handlers, summarize } from "./consumer/handlers.js";
export { HUB_CALLS, type HubClientProcedures, type HubContext, hubContextFromClient } from "./context/hub.js";
export type { CronRunOutcome } from "./cron/scheduler.js";
export { defineActivity } from "./definitions/define.js";
export {
  checkUniqueIds,
  DefinitionLoadError,
  type LoadedDefinition,
  loadDefinitions,
  parseDefinition,
  validateDefinition,
} from "./definitions/load.js";
export { evaluateRule, type Rule } from "./definitions/rule.js";
export {
  type ActivityDefinition,
  ActivityDefinitionSchema,
  type CronActivity,
  type EventActivity,
  isEventActivity,
} from "./definitions/schema.js";
export { renderTemplate, TemplateError } from "./definitions/template.js";
export { type FixtureHandle, type FixtureOptions, startFixture } from "./fixture.js";
export {
  createIssueCoreStore,
  type IssueCoreStore,
  type NewTask,
  type StoredTask,
} from "./issue-core/store.js";
export type { MetricsSnapshot } from "./metrics.js";
