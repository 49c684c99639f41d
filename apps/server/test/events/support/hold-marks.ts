import type { Database } from "@statehub/db";
import { sql } from "drizzle-orm";

export interface HeldMarks {
  release(): Promise<void>;
}

/**
 * Holds a SHARE lock on the outbox until `release`: the relay's claims (FOR UPDATE, a ROW SHARE
 * lock) go on, while its marks (UPDATE, ROW EXCLUSIVE) wait. So a batch is caught between its
 * publish and its commit, and so is any batch it claimed ahead meanwhile. Postgres only.
 */
export async function holdMarks(database: Database): Promise<HeldMarks> {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked = () => {};
  const holding = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const transaction = database.db.transaction(async (tx) => {
    await tx.execute(sql`lock table event_outbox in share mode`);
    locked();
    await released;
  });
  await Promise.race([holding, transaction]);
  return {
    async release() {
      release();
      // The transaction may have died with its connection (a stopped server): nothing to undo.
      await transaction.catch(() => {});
    },
  };
}

/** Backends of `applicationName` waiting for a lock (e.g. marks held back), oldest transaction first. */
export async function backendsWaitingForLock(database: Database, applicationName: string): Promise<number[]> {
  const rows = await database.db.execute<{ pid: number }>(sql`
    select pid from pg_stat_activity
    where application_name = ${applicationName} and wait_event_type = 'Lock'
    order by xact_start`);
  return Array.from(rows as unknown as { pid: number }[], (r) => r.pid);
}
