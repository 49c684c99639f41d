// The server package's public surface. The typed client imports only `type AppRouter`.
export { type App, type AppOptions, type BackgroundWorker, createApp, startApp } from "./app.js";
export { type Clock, ManualClock, systemClock } from "./clock.js";
export { type Config, ConfigError, loadConfig } from "./config.js";
export type { AppRouter } from "./router/index.js";
export type * from "./services/decisions.js";
export type * from "./services/domain-goals.js";
export type * from "./services/domains.js";
export type * from "./services/events.js";
export type * from "./services/paging.js";
export type * from "./services/progress.js";
export type * from "./services/repos.js";
export type * from "./services/tasks.js";
export type * from "./services/workstreams.js";
