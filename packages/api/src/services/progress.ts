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
import { eq } from "drizzle-orm";
import { InvalidInputError } from "../domain/errors.js";
import { writeTransaction } from "../outbox/write-transaction.js";
import type { ListProgressInput, ProgressNote, RecordProgressInput } from "../schemas/progress.js";
import type { CallOrigin, ServiceDeps } from "./deps.js";
import { iso } from "./dto.js";
import { idKeyset, keysetList, type Page } from "./paging.js";

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
    list(input: ListProgressInput = {}): Promise<Page<ProgressNote>> {
      return keysetList({
        request: input,
        keyset: idKeyset(progressNotes.id, (row: typeof progressNotes.$inferSelect) => row.id),
        filters: () => [
          input.entityType === undefined ? undefined : eq(progressNotes.entityType, input.entityType),
          input.entityId === undefined ? undefined : eq(progressNotes.entityId, input.entityId),
        ],
        fetch: (where, orderBy, limit) =>
          deps.db.select().from(progressNotes).where(where).orderBy(orderBy).limit(limit),
        toItem: toNote,
      });
    },
  };
}
