import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { DataDirLock } from "./data-dir-lock.js";
import type * as schema from "./schema/index.js";

/** The drizzle handle services take: the same type on postgres.js and on PGlite. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A transaction handle, as given to `db.transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** A handle usable both outside and inside a transaction. */
export type DbOrTx = Db | Tx;

export type DatabaseKind = "postgres" | "pglite";

export interface Subscription {
  unlisten(): Promise<void>;
}

export interface Database {
  readonly kind: DatabaseKind;
  readonly db: Db;
  /** PGlite on disk: the exclusive lock on its data directory (held until close). */
  readonly dataDirLock?: DataDirLock | undefined;
  /** Applies the committed SQL migrations (idempotent). */
  migrate(): Promise<void>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /**
   * LISTENs on a channel. `onListen` runs each time the subscription is (re)established —
   * on postgres.js also after a reconnect, when notifications may have been missed.
   */
  listen(channel: string, onNotify: () => void, onListen?: () => void): Promise<Subscription>;
  close(): Promise<void>;
}
