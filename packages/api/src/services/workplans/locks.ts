import { createHash } from "node:crypto";
import type { Tx } from "@statehub/db";
import { sql } from "drizzle-orm";

// Two syncs of the same files at once must not both create a workstream or both publish its
// event: each file's transaction first takes transaction-scoped advisory locks on the
// workstream's key (and id), so the second waits, then finds the first's result. Locks are
// taken in a fixed order, so two transactions never wait for each other in a cycle.
const NAMESPACE = 0x57504c4e; // "WPLN": keeps these locks apart from any other advisory lock

export async function lockWorkplanEntities(tx: Tx, names: readonly string[]): Promise<void> {
  const ids = [...new Set(names.map(lockId))].sort((a, b) => a - b);
  if (ids.length === 0) return;
  // One statement; its select list is evaluated left to right, so the order holds.
  const calls = sql.join(
    ids.map((id) => sql`pg_advisory_xact_lock(${NAMESPACE}::int4, ${id}::int4)`),
    sql`, `,
  );
  await tx.execute(sql`select ${calls}`);
}

function lockId(name: string): number {
  return createHash("sha256").update(name).digest().readInt32BE(0);
}

export const keyLock = (key: string) => `workstream-key:${key}`;
export const idLock = (id: string) => `workstream-id:${id}`;
