// The Chromium helpers are at @statehub/testing/chromium: only browser suites load playwright-core.
export { AnswerGateProxy, within } from "./answer-gate-proxy.js";
export { type DatabaseAndNats, databaseAndNatsAvailable, startDatabaseAndNats } from "./database-and-nats.js";
export { freePort, waitForPort } from "./free-port.js";
export { natsServerAvailable, natsServerBinary, TestNatsServer } from "./nats-server.js";
export {
  createFreshDatabase,
  type FreshDatabase,
  type FreshDatabaseOptions,
  realPostgresAvailable,
} from "./postgres.js";
export { requireService } from "./require-service.js";
export { templateDatabase } from "./template-database.js";
export { PGLITE_SUITES } from "./vitest-settings.js";
