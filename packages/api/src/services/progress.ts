import {
  type DbOrTx,
  decisions,
  domainGoals,
  domains,
  type ProgressEntityType,
  progressNotes,
  repos,
  tasks,
  workstreams,
} from "@statehub/db";
import { uuidv7 } from "@statehub/events";
import { and, asc, eq, gt, type SQL } from "drizzle-orm";
import { InvalidInputError } from "../domain/errors.js";
import { writeTransaction } from "../outbox/write-transaction.js";
import type { CallOrigin, ServiceDeps } from "./deps.js";
import { iso } from "./dto.js";
import { decodeIdCursor, encodeIdCursor, type Page, type PageRequest, pageLimit, toPage } from "./paging.js";

export interface ProgressNote {
  id: string;
  entityType: ProgressEntityType;
  entityId: string;
  message: string;
  author: string | null;
  createdAt: string;
}

export interface RecordProgressInput {
  entityType: ProgressEntityType;
  entityId: string;
  message: string;
  /** Omitted: the caller's token name, when the call is authenticated. */
  author?: string | undefined;
}

export interface ListProgressInput extends PageRequest {
  entityType?: ProgressEntityType | undefined;
  entityId?: string | undefined;
}

// Progress notes point at any kind of entity, so the database cannot hold a foreign key for
// them: the reference is checked here, in the transaction that writes the note.
const ENTITY_TABLES = {
  domain: domains,
  domain_goal: domainGoals,
  repo: repos,
  workstream: workstreams,
  task: tasks,
  decision: decisions,
} as const satisfies Record<ProgressEntityType, unknown>;

async function entityExists(db: DbOrTx, type: ProgressEntityType, id: string): Promise<boolean> {
  const table = ENTITY_TABLES[type];
  const [row] = await db.select({ id: table.id }).from(table).where(eq(table.id, id));
  return row !== undefined;
}

const toNote = (row: typeof progressNotes.$inferSelect): ProgressNote => ({
  id: row.id,
  entityType: row.entityType,
  entityId: row.entityId,
  message: row.message,
  author: row.author,
  createdAt: iso(row.createdAt),
});

export function createProgressService(deps: ServiceDeps) {
  return {
    async record(input: RecordProgressInput, origin: CallOrigin): Promise<ProgressNote> {
      return writeTransaction(deps, origin, async (tx) => {
        if (!(await entityExists(tx, input.entityType, input.entityId))) {
          throw new InvalidInputError("entityId", `no ${input.entityType} with id ${input.entityId}`);
        }
        const [row] = await tx
          .insert(progressNotes)
          .values({
            id: uuidv7(),
            entityType: input.entityType,
            entityId: input.entityId,
            message: input.message,
            author: input.author ?? origin.actor ?? null,
            createdAt: deps.clock.now(),
          })
          .returning();
        if (!row) throw new Error("progress note insert returned no row");
        return toNote(row);
      });
    },

    /** Notes in the order they were recorded (oldest first). */
    async list(input: ListProgressInput = {}): Promise<Page<ProgressNote>> {
      const limit = pageLimit(input.limit);
      const conditions: SQL[] = [];
      if (input.cursor !== undefined) conditions.push(gt(progressNotes.id, decodeIdCursor(input.cursor)));
      if (input.entityType !== undefined) conditions.push(eq(progressNotes.entityType, input.entityType));
      if (input.entityId !== undefined) conditions.push(eq(progressNotes.entityId, input.entityId));
      const rows = await deps.db
        .select()
        .from(progressNotes)
        .where(and(...conditions))
        .orderBy(asc(progressNotes.id))
        .limit(limit + 1);
      return toPage(rows, limit, toNote, (row) => encodeIdCursor(row.id));
    },
  };
}

export type ProgressService = ReturnType<typeof createProgressService>;
