import { sql } from "drizzle-orm";
import { RELAY_APPLICATION_NAME } from "./row.js";

/**
 * The event feed's horizon: a transaction id below which every transaction that may still
 * record events in this database has finished, as seen by the statement's own snapshot.
 *
 * Why: `position` is handed out at INSERT, not at commit, so a long transaction can commit rows
 * *behind* rows a reader has already passed. The feed therefore orders by the writer's
 * transaction id (`event_outbox.txid`, then `position`) and returns only rows below this
 * horizon. Every transaction below it has committed (its rows are in this snapshot) or rolled
 * back; every transaction that may still add rows has an id at or above it. So the feed below
 * the horizon is a finished prefix that only ever grows at its end: a cursor is never passed by
 * a row that commits later.
 *
 * The horizon is the oldest transaction in flight in the snapshot (what `pg_snapshot_xmin`
 * gives), skipping transactions that are known never to record an event here:
 * - those of backends connected to *another database* of the same server (transaction ids are
 *   server-wide, but a long transaction elsewhere on a shared server cannot write here);
 * - those of the relay's own connections (`RELAY_APPLICATION_NAME`): they only mark rows, and
 *   an outbox INSERT from them is refused by a trigger. Otherwise every relay batch, while its
 *   acks arrive, would hold back events committed meanwhile.
 * A transaction is matched to its backend through the lock every transaction holds on its own id
 * (`pg_locks`: the holder's pid) and that pid's row in `pg_stat_activity` (its database and
 * application name, fixed for a connection's life). A transaction not matched that way (one
 * that just ended, a prepared transaction) counts as a writer: that only delays, never skips.
 *
 * The cost: while a transaction of this database (other than the relay's) that has written
 * something runs, events committed by transactions that got their id after it stay invisible
 * until it ends: a large stale-task batch, a bulk sync, a session idle in a transaction. That
 * delays the feed; it never loses or reorders an event. Evaluated once per statement (an
 * InitPlan); the lock/activity lookup only runs while some transaction is in flight.
 *
 * PGlite: one connection, so nothing is in flight when the feed is read and the horizon is the
 * next transaction id (the same SQL runs there; the feed's tests check it).
 */
export const FEED_HORIZON = sql`(
  select least(
    pg_snapshot_xmax(snapshot.s),
    (select min(running.id) from pg_snapshot_xip(snapshot.s) as running(id)
      where not exists (
        select 1 from pg_locks as own
        join pg_stat_activity as backend on backend.pid = own.pid
        where own.locktype = 'transactionid' and own.mode = 'ExclusiveLock' and own.granted
          and own.transactionid = xid(running.id)
          and (backend.datid <> (select oid from pg_database where datname = current_database())
            or backend.application_name = ${RELAY_APPLICATION_NAME}))))
  from (select pg_current_snapshot() as s) as snapshot)`;
