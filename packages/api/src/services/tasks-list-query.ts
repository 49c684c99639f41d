import { type Db, tasks } from "@statehub/db";
import type { TaskStatus } from "@statehub/events";
import { and, eq, gt, isNotNull, sql } from "drizzle-orm";
import type { Task } from "../schemas/tasks.js";
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
 * Tasks come back as the API's Task, timestamps already ISO 8601 text (see iso-text.ts).
 */
export function createTaskListQuery(db: Db) {
  const statements = new Map<number, ReturnType<typeof prepare>>();

  function prepare(hasAfter: boolean, hasWorkstream: boolean, hasStatus: boolean, staleOnly: boolean) {
    const filters = and(
      hasAfter ? gt(tasks.id, sql.placeholder("afterId")) : undefined,
      hasWorkstream ? eq(tasks.workstreamId, sql.placeholder("workstreamId")) : undefined,
      hasStatus ? eq(tasks.status, sql.placeholder("status")) : undefined,
      staleOnly ? isNotNull(tasks.staleFlaggedAt) : undefined,
    );
    // The page is one json value built by the database, its keys the API's field names: the
    // driver parses it natively, where 50 rows of 8 columns otherwise cost a value object per
    // column in the driver and a mapping pass per row in drizzle (7 % of the hub's CPU under
    // tasks.list load). The subquery's order is restated inside json_agg, which keeps no order
    // of its own.
    const page = sql`(
      select ${tasks.id} as "id", ${tasks.workstreamId} as "workstreamId", ${tasks.key} as "key",
        ${tasks.title} as "title", ${tasks.status} as "status",
        ${isoTextOrNull(tasks.staleFlaggedAt)} as "staleFlaggedAt",
        ${isoText(tasks.createdAt)} as "createdAt", ${isoText(tasks.updatedAt)} as "updatedAt"
      from ${tasks}
      ${filters ? sql`where ${filters}` : sql``}
      order by ${tasks.id}
      limit ${sql.placeholder("limit")}
    ) as page`;
    return db
      .select({ items: sql<Task[]>`coalesce(json_agg(page order by page."id"), '[]'::json)` })
      .from(page)
      .prepare(
        `tasks_list_${Number(hasAfter)}${Number(hasWorkstream)}${Number(hasStatus)}${Number(staleOnly)}`,
      );
  }

  return async (params: TaskListParams): Promise<Task[]> => {
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
    const [result] = await statement.execute({
      afterId: params.afterId,
      workstreamId: params.workstreamId,
      status: params.status,
      limit: params.limit,
    });
    return result?.items ?? [];
  };
}
