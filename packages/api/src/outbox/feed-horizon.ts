import type { DbOrTx } from "@statehub/db";
import { sql } from "drizzle-orm";
import { RELAY_APPLICATION_NAME } from "./row.js";
import { rowsOf } from "./rows.js";

/**
 * The event feed's horizon: a transaction id below which every transaction that may still
 * record events in this database has finished.
 *
 * Why: `position` is handed out at INSERT, not at commit, so a long transaction can commit rows
 * *behind* rows a reader has already passed. The feed therefore orders by the writer's
 * transaction id (`event_outbox.txid`, then `position`) and returns only rows below this
 * horizon. Every transaction below it has committed or rolled back; every transaction that may
 * still add rows has an id at or above it. So the feed below the horizon is a finished prefix
 * that only ever grows at its end: a cursor is never passed by a row that commits later.
 *
 * The horizon is the oldest transaction in flight in a snapshot (what `pg_snapshot_xmin` gives),
 * skipping transactions known never to record an event here:
 * - those of backends connected to *another database* of the same server (transaction ids are
 *   server-wide, but a long transaction elsewhere on a shared server cannot write here);
 * - those of the relay's own connections (`RELAY_APPLICATION_NAME`): they only mark rows, and
 *   an outbox INSERT from them is refused by a trigger. Otherwise every relay batch, while its
 *   acks arrive, would hold back events committed meanwhile.
 * A transaction is matched to its backend through the lock every transaction holds on its own id
 * (`pg_locks`: the holder's pid) and that pid's row in `pg_stat_activity` (its database and
 * application name, fixed for a connection's life). One that cannot be matched counts as a
 * writer: it delays, never skips. When the oldest such is unmatched (it typically ended between
 * the snapshot and the lookup) the horizon is read again, with a fresh snapshot, a few times.
 *
 * It is computed in its own statement, before the feed's query: a horizon from an earlier
 * snapshot is still sound for a later one (what had finished then is still finished, and
 * visible), merely lower.
 *
 * The cost: while a transaction of this database (other than the relay's) that has written
 * something runs, events committed by transactions that got their id after it stay invisible
 * until it ends: a large stale-task batch, a bulk sync, a session idle in a transaction. That
 * delays the feed; it never loses or reorders an event. The lock/activity lookup only runs while
 * some transaction is in flight.
 *
 * PGlite: one connection, so nothing is in flight when the feed is read and the horizon is the
 * next transaction id (the same SQL runs there; the feed's tests check it).
 */
export async function readFeedHorizon(db: DbOrTx, attempts = 3): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    const [row] = rowsOf<{ horizon: string; uncertain: boolean }>(await db.execute(HORIZON_QUERY));
    if (!row) throw new Error("the feed horizon query returned no row");
    if (!row.uncertain || attempt >= attempts) return row.horizon;
  }
}

const HORIZON_QUERY = sql`
  with snapshot as (select pg_current_snapshot() as s),
  in_flight as (
    select running.id, backend.pid is not null as matched,
      coalesce(backend.datid <> (select oid from pg_database where datname = current_database())
        or backend.application_name = ${RELAY_APPLICATION_NAME}, false) as never_writes_here
    from snapshot
    cross join lateral pg_snapshot_xip(snapshot.s) as running(id)
    left join pg_locks as own
      on own.locktype = 'transactionid' and own.mode = 'ExclusiveLock' and own.granted
      and own.transactionid = xid(running.id)
    left join pg_stat_activity as backend on backend.pid = own.pid),
  oldest_writer as (
    select id, matched from in_flight where not never_writes_here order by id limit 1)
  select least(pg_snapshot_xmax(snapshot.s), (select id from oldest_writer))::text as horizon,
    coalesce((select not matched from oldest_writer), false) as uncertain
  from snapshot`;
