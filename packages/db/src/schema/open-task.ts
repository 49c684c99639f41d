import { FINAL_TASK_STATUSES } from "@statehub/events";
import { type AnyColumn, type SQL, sql } from "drizzle-orm";

/**
 * "The task is open" in SQL: its status is not a final one. Spelled with literals (not bound
 * parameters) so the query planner can match the partial index tasks_open_updated_at_idx,
 * which is declared with this same predicate.
 */
export function isOpenTask(status: AnyColumn): SQL {
  const finals = FINAL_TASK_STATUSES.map((value) => `'${value}'`).join(", ");
  return sql`${status} not in (${sql.raw(finals)})`;
}
