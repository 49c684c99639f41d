export {
  DATA_DIR_LOCKED,
  type DataDirLock,
  DataDirLockedError,
  describeHolder,
  LOCK_FOLDER,
  type LockHolder,
  type LockOptions,
  lockDataDir,
} from "./data-dir-lock.js";
export type { Database, DatabaseKind, Db, DbOrTx, Subscription, Tx } from "./database.js";
export {
  isDatabaseUnavailable,
  isForeignKeyViolation,
  isRetryableConflict,
  isUniqueViolation,
  pgConstraint,
  pgErrorCode,
} from "./errors.js";
export { MIGRATIONS_FOLDER, migrationsFingerprint } from "./migrations.js";
export { DEFAULT_DATA_DIR, type OpenDatabaseOptions, openDatabase } from "./open.js";
export { openPglite, type PgliteOptions } from "./open-pglite.js";
export { openPostgres, type PostgresOptions } from "./open-postgres.js";
export { PGLITE_SETTINGS } from "./pglite-settings.js";
export * as schema from "./schema/index.js";
export * from "./schema/index.js";
