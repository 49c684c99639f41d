import { decisions, domainGoals, type Tx, tasks, workstreams } from "@statehub/db";
import { eq } from "drizzle-orm";
import { NotFoundError } from "../domain/errors.js";
import { assertTransition, type StatusOf, type TransitionEntity } from "../domain/transitions.js";

// The table behind each entity with a lifecycle, and its name in a not-found message.
const LIFECYCLE_TABLES = {
  workstream: { table: workstreams, label: "workstream" },
  task: { table: tasks, label: "task" },
  decision: { table: decisions, label: "decision" },
  domainGoal: { table: domainGoals, label: "domain goal" },
} as const satisfies Record<TransitionEntity, unknown>;

type RowOf<E extends TransitionEntity> = (typeof LIFECYCLE_TABLES)[E]["table"]["$inferSelect"];

interface LockedForTransition<E extends TransitionEntity> {
  /** The row as locked, before any change. */
  row: RowOf<E>;
  /** True when the status moves to the target (an allowed transition); false for none or same-state. */
  moves: boolean;
}

/**
 * The first step of every lifecycle action, inside its transaction: lock the entity's row
 * (FOR UPDATE, so concurrent actions serialise and only one of them publishes), refuse an
 * unknown id (NotFoundError), treat a same-state target as an idempotent no-op, and refuse an
 * illegal move (ConflictError naming the current state). `target` undefined: lock only.
 */
export async function lockForTransition<E extends TransitionEntity>(
  tx: Tx,
  entity: E,
  id: string,
  target: StatusOf<E> | undefined,
): Promise<LockedForTransition<E>> {
  const { table, label } = LIFECYCLE_TABLES[entity];
  // One table type for the query builder; the four tables share the id and status columns used.
  const lockable = table as typeof tasks;
  const [row] = await tx.select().from(lockable).where(eq(lockable.id, id)).for("update");
  if (!row) throw new NotFoundError(label, id);
  const current = row.status as StatusOf<E>;
  if (target === undefined || target === current) return { row: row as RowOf<E>, moves: false };
  assertTransition(entity, current, target);
  return { row: row as RowOf<E>, moves: true };
}
