// The server package's public surface: the host (HTTP, config, lifecycle, workers). The API
// itself — router, services, types — is @statehub/api.
export { type App, type AppOptions, type BackgroundWorker, createApp, startApp } from "./app.js";
export { type Config, ConfigError, loadConfig } from "./config.js";
