import { type DbOrTx, type Tx, tasks, workstreams } from "@statehub/db";
import { type TaskStatus, uuidv7 } from "@statehub/events";
import { eq } from "drizzle-orm";
import type { Clock } from "../clock.js";
import { ConflictError, InvalidInputError, NotFoundError } from "../domain/errors.js";
import { writeTransaction } from "../outbox/write-transaction.js";
import type { CreateTaskInput, ListTasksInput, Task, UpdateTaskInput } from "../schemas/tasks.js";
import type { CallOrigin, ServiceDeps } from "./deps.js";
import { iso, isoOrNull } from "./dto.js";
import { lockForTransition } from "./lock-and-transition.js";
import { decodeIdCursor, encodeIdCursor, type Page, pageLimit, toPage } from "./paging.js";
import { createTaskListQuery } from "./tasks-list-query.js";

type TaskRow = typeof tasks.$inferSelect;

export const toTask = (row: TaskRow): Task => ({
  id: row.id,
  workstreamId: row.workstreamId,
  key: row.key,
  title: row.title,
  status: row.status,
  staleFlaggedAt: isoOrNull(row.staleFlaggedAt),
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

async function workstreamExists(db: DbOrTx, id: string): Promise<boolean> {
  const [row] = await db.select({ id: workstreams.id }).from(workstreams).where(eq(workstreams.id, id));
  return row !== undefined;
}

/** What a change of a task may set; the key only through workplans.sync. */
export interface TaskChanges {
  title?: string | undefined;
  status?: TaskStatus | undefined;
  key?: string | undefined;
}

/**
 * Changes a task inside the caller's transaction: locks its row and checks a status change
 * against the transition rules. Any real change ends the task's staleness episode (the stale
 * flag is cleared, so a later stale check may flag it again); no change writes nothing.
 */
export async function changeTask(
  tx: Tx,
  clock: Clock,
  id: string,
  input: TaskChanges,
): Promise<{ task: Task; changed: boolean }> {
  const { row: current, moves } = await lockForTransition(tx, "task", id, input.status);
  const changes: Partial<typeof tasks.$inferInsert> = {};
  if (input.title !== undefined && input.title !== current.title) changes.title = input.title;
  if (input.key !== undefined && input.key !== current.key) changes.key = input.key;
  if (moves) changes.status = input.status;
  if (Object.keys(changes).length === 0) return { task: toTask(current), changed: false };
  const [row] = await tx
    .update(tasks)
    .set({ ...changes, staleFlaggedAt: null, updatedAt: clock.now() })
    .where(eq(tasks.id, id))
    .returning();
  if (!row) throw new NotFoundError("task", id);
  return { task: toTask(row), changed: true };
}

export function createTaskService(deps: ServiceDeps) {
  const listTasks = createTaskListQuery(deps.db);
  return {
    async create(input: CreateTaskInput, origin: CallOrigin): Promise<Task> {
      return writeTransaction(deps, origin, async (tx) => {
        if (!(await workstreamExists(tx, input.workstreamId))) {
          throw new InvalidInputError("workstreamId", `unknown workstream ${input.workstreamId}`);
        }
        const id = uuidv7();
        const key = input.key ?? `t-${id.slice(-12)}`;
        const now = deps.clock.now();
        const [row] = await tx
          .insert(tasks)
          .values({
            id,
            workstreamId: input.workstreamId,
            key,
            title: input.title,
            status: input.status ?? "todo",
            createdAt: now,
            updatedAt: now,
          })
          .onConflictDoNothing({ target: [tasks.workstreamId, tasks.key] })
          .returning();
        if (!row)
          throw new ConflictError(`task key ${key} already exists in workstream ${input.workstreamId}`);
        return toTask(row);
      });
    },

    /**
     * Changes title and/or status (an allowed transition). Any real update ends the task's
     * staleness episode: the stale flag is cleared, so a later stale check may flag it again.
     * A call that changes nothing returns the task as it is.
     */
    async update(input: UpdateTaskInput, origin: CallOrigin): Promise<Task> {
      return writeTransaction(deps, origin, async (tx) => {
        const { task } = await changeTask(tx, deps.clock, input.id, input);
        return task;
      });
    },

    async get(id: string): Promise<Task> {
      const [row] = await deps.db.select().from(tasks).where(eq(tasks.id, id));
      if (!row) throw new NotFoundError("task", id);
      return toTask(row);
    },

    /** Keyset paging by id (as keysetList), on prepared statements (tasks-list-query.ts). */
    async list(input: ListTasksInput = {}): Promise<Page<Task>> {
      const limit = pageLimit(input.limit);
      const afterId = input.cursor === undefined ? undefined : decodeIdCursor(input.cursor);
      if (input.workstreamId !== undefined && !(await workstreamExists(deps.db, input.workstreamId))) {
        throw new InvalidInputError("workstreamId", `unknown workstream ${input.workstreamId}`);
      }
      const rows = await listTasks({
        afterId,
        workstreamId: input.workstreamId,
        status: input.status,
        staleOnly: input.staleOnly === true,
        limit: limit + 1,
      });
      return toPage(
        rows,
        limit,
        (row) => row,
        (row) => encodeIdCursor(row.id),
      );
    },
  };
}

export type TaskService = ReturnType<typeof createTaskService>;
