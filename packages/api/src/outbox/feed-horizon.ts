import { sql } from "drizzle-orm";

/**
 * The event feed's horizon: a transaction id below which every transaction that can write to
 * this database has finished, as seen by the statement's own snapshot.
 *
 * Why: `position` is handed out at INSERT, not at commit, so a long transaction can commit rows
 * *behind* rows a reader has already passed. The feed therefore orders by the writer's
 * transaction id (`event_outbox.txid`, then `position`) and returns only rows below this
 * horizon. Every transaction below it has committed (its rows are in this snapshot) or rolled
 * back; every transaction that may still add rows has an id at or above it. So the feed below
 * the horizon is a finished prefix that only ever grows at its end: a cursor is never passed by
 * a row that commits later.
 *
 * The horizon is the oldest transaction still in flight in the snapshot (`pg_snapshot_xmin`),
 * except that transactions of *other databases* on the same server are skipped: a long
 * transaction elsewhere on a shared server cannot write here, so it must not hold this feed
 * back. A transaction counts as another database's only when `pg_stat_activity` shows its id on
 * a backend connected elsewhere (transaction ids are cluster-wide and a backend serves one
 * database for life, so the match cannot be wrong, even if that view lags); anything not shown
 * there (a prepared transaction, a backend whose row was not visible) counts as ours, which only
 * delays the feed, never skips.
 *
 * The cost: while a transaction of this database that wrote something runs, events committed
 * by transactions that got their id after it stay invisible until it ends (the relay's claim
 * transactions last one publish round trip; a batch job or an idle-in-transaction session can
 * last longer). It delays the feed; it never loses or reorders an event.
 *
 * PGlite: one connection, so nothing is ever in flight when the feed is read and the horizon is
 * the next transaction id (the same SQL works there; checked by the feed's tests).
 */
export const FEED_HORIZON = sql`(
  select least(
    pg_snapshot_xmax(snapshot.s),
    (select min(running.id) from pg_snapshot_xip(snapshot.s) as running(id)
      where not exists (
        select 1 from pg_stat_activity as backend
        where backend.backend_xid = xid(running.id)
          and backend.datid <> (select oid from pg_database where datname = current_database()))))
  from (select pg_current_snapshot() as s) as snapshot)`;
