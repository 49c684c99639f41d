import { type Db, tasks } from "@statehub/db";
import type { TaskStatus } from "@statehub/events";
import { and, asc, eq, gt, isNotNull, sql } from "drizzle-orm";
import { isoText, isoTextOrNull } from "./iso-text.js";

export interface TaskListParams {
  /** Only tasks after this id (the cursor's). */
  afterId: string | undefined;
  workstreamId: string | undefined;
  status: TaskStatus | undefined;
  staleOnly: boolean;
  /** Rows to fetch (a page's limit + 1). */
  limit: number;
}

/**
 * tasks.list as prepared drizzle statements, one per combination of filters (16 at most),
 * built on first use: the hottest read of the API no longer builds its SQL text on every call.
 * The order (and so the paging) is the same as the other lists': by id, after the cursor.
 * Rows come back as the API's Task, timestamps already ISO 8601 text (see iso-text.ts).
 */
export function createTaskListQuery(db: Db) {
  const statements = new Map<number, ReturnType<typeof prepare>>();

  function prepare(hasAfter: boolean, hasWorkstream: boolean, hasStatus: boolean, staleOnly: boolean) {
    return db
      .select({
        id: tasks.id,
        workstreamId: tasks.workstreamId,
        key: tasks.key,
        title: tasks.title,
        status: tasks.status,
        staleFlaggedAt: isoTextOrNull(tasks.staleFlaggedAt),
        createdAt: isoText(tasks.createdAt),
        updatedAt: isoText(tasks.updatedAt),
      })
      .from(tasks)
      .where(
        and(
          hasAfter ? gt(tasks.id, sql.placeholder("afterId")) : undefined,
          hasWorkstream ? eq(tasks.workstreamId, sql.placeholder("workstreamId")) : undefined,
          hasStatus ? eq(tasks.status, sql.placeholder("status")) : undefined,
          staleOnly ? isNotNull(tasks.staleFlaggedAt) : undefined,
        ),
      )
      .orderBy(asc(tasks.id))
      .limit(sql.placeholder("limit"))
      .prepare(
        `tasks_list_${Number(hasAfter)}${Number(hasWorkstream)}${Number(hasStatus)}${Number(staleOnly)}`,
      );
  }

  return (params: TaskListParams) => {
    const hasAfter = params.afterId !== undefined;
    const hasWorkstream = params.workstreamId !== undefined;
    const hasStatus = params.status !== undefined;
    const key =
      Number(hasAfter) |
      (Number(hasWorkstream) << 1) |
      (Number(hasStatus) << 2) |
      (Number(params.staleOnly) << 3);
    let statement = statements.get(key);
    if (!statement) {
      statement = prepare(hasAfter, hasWorkstream, hasStatus, params.staleOnly);
      statements.set(key, statement);
    }
    return statement.execute({
      afterId: params.afterId,
      workstreamId: params.workstreamId,
      status: params.status,
      limit: params.limit,
    });
  };
}
