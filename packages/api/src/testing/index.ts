// Test helpers for suites that exercise the services (here and in the apps that host them).
// Not part of the published surface (excluded from the package's files).
export {
  type DatabaseTarget,
  databaseTargets,
  migratedTemplate,
  openDefaultTestDatabase,
  openTestPglite,
  openTestPostgres,
  singleConnectionTargets,
  type TestDatabase,
} from "./databases.js";
export {
  clearOutbox,
  type OutboxRecord,
  outboxRow,
  outboxRows,
  outboxRowsRead,
  recordTestEvent,
  recordTestEvents,
  setOutboxRow,
} from "./outbox.js";
export { rowsRead } from "./rows-read.js";
export { type ServiceFixture, serviceFixture, unique } from "./services.js";
