import { type DbOrTx, tasks, workstreams } from "@statehub/db";
import { type TaskStatus, uuidv7 } from "@statehub/events";
import { and, asc, eq, gt, isNotNull, type SQL } from "drizzle-orm";
import { ConflictError, InvalidInputError, NotFoundError } from "../domain/errors.js";
import { assertTransition } from "../domain/transitions.js";
import { writeTransaction } from "../outbox/write-transaction.js";
import type { CallOrigin, ServiceDeps } from "./deps.js";
import { iso, isoOrNull } from "./dto.js";
import { decodeIdCursor, encodeIdCursor, type Page, type PageRequest, pageLimit, toPage } from "./paging.js";

export interface Task {
  id: string;
  workstreamId: string;
  key: string;
  title: string;
  status: TaskStatus;
  /** When the stale check last flagged this task (this staleness episode); null when not stale. */
  staleFlaggedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CreateTaskInput {
  workstreamId: string;
  /** Unique within the workstream. Omitted: the hub derives one (`t-` + the id's random tail). */
  key?: string | undefined;
  title: string;
  status?: TaskStatus | undefined;
}

export interface UpdateTaskInput {
  id: string;
  title?: string | undefined;
  status?: TaskStatus | undefined;
}

export interface ListTasksInput extends PageRequest {
  workstreamId?: string | undefined;
  status?: TaskStatus | undefined;
  /** Only tasks the stale check has flagged and nobody has updated since. */
  staleOnly?: boolean | undefined;
}

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

export function createTaskService(deps: ServiceDeps) {
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
        const [current] = await tx.select().from(tasks).where(eq(tasks.id, input.id)).for("update");
        if (!current) throw new NotFoundError("task", input.id);
        const changes: Partial<typeof tasks.$inferInsert> = {};
        if (input.title !== undefined && input.title !== current.title) changes.title = input.title;
        if (input.status !== undefined && input.status !== current.status) {
          assertTransition("task", current.status, input.status);
          changes.status = input.status;
        }
        if (Object.keys(changes).length === 0) return toTask(current);
        const [row] = await tx
          .update(tasks)
          .set({ ...changes, staleFlaggedAt: null, updatedAt: deps.clock.now() })
          .where(eq(tasks.id, input.id))
          .returning();
        if (!row) throw new NotFoundError("task", input.id);
        return toTask(row);
      });
    },

    async get(id: string): Promise<Task> {
      const [row] = await deps.db.select().from(tasks).where(eq(tasks.id, id));
      if (!row) throw new NotFoundError("task", id);
      return toTask(row);
    },

    async list(input: ListTasksInput = {}): Promise<Page<Task>> {
      const limit = pageLimit(input.limit);
      const conditions: SQL[] = [];
      if (input.cursor !== undefined) conditions.push(gt(tasks.id, decodeIdCursor(input.cursor)));
      if (input.workstreamId !== undefined) {
        if (!(await workstreamExists(deps.db, input.workstreamId))) {
          throw new InvalidInputError("workstreamId", `unknown workstream ${input.workstreamId}`);
        }
        conditions.push(eq(tasks.workstreamId, input.workstreamId));
      }
      if (input.status !== undefined) conditions.push(eq(tasks.status, input.status));
      if (input.staleOnly === true) conditions.push(isNotNull(tasks.staleFlaggedAt));
      const rows = await deps.db
        .select()
        .from(tasks)
        .where(and(...conditions))
        .orderBy(asc(tasks.id))
        .limit(limit + 1);
      return toPage(rows, limit, toTask, (row) => encodeIdCursor(row.id));
    },
  };
}

export type TaskService = ReturnType<typeof createTaskService>;
