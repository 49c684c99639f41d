// @statehub/api: the hub's API as a library — router, procedures, context and auth resolution,
// domain services and rules. Hosts (apps/server) serve it; @statehub/client imports its types.
// The outbox (write, claim, mark, retain) is the subpath `@statehub/api/outbox`. The schemas
// (zod inputs and outputs of every procedure) are exported too: docs/openapi.json comes from them.

export {
  type Authenticator,
  type AuthResult,
  type Caller,
  createAuthenticator,
} from "./auth/authenticate.js";
export {
  type ApiToken,
  digestToken,
  parseApiTokens,
  TokenConfigError,
  type TokenScope,
} from "./auth/tokens.js";
export { type Clock, ManualClock, systemClock } from "./clock.js";
export { apiMetricsRegistry, countRecordedEvents } from "./metrics.js";
export type * from "./outbox/delivery.js";
export type * from "./outbox/event-log.js";
export type * from "./outbox/parked.js";
export type { OutboxStatus, PublisherStatus } from "./outbox/service.js";
export { type AppRouter, appRouter } from "./router/index.js";
export * from "./schemas/index.js";
export type * from "./services/dashboard.js";
export type * from "./services/decisions.js";
export type * from "./services/domain-goals.js";
export type * from "./services/domains.js";
export {
  type CallOrigin,
  createServices,
  type ServiceDeps,
  type ServiceSettings,
  type Services,
} from "./services/index.js";
export type { PageRequest } from "./services/paging.js";
export type * from "./services/progress.js";
export type * from "./services/repos.js";
export { DEFAULT_STALE_DAYS, type FlagStaleTasksOptions, flagStaleTasks } from "./services/stale-tasks.js";
export type * from "./services/tasks.js";
export type * from "./services/workplans.js";
export type * from "./services/workstreams.js";
export { type Context, type ContextDeps, createContextFactory, reachedProcedure } from "./trpc/context.js";
