import { eventOutbox } from "@statehub/db";
import type { AnyEnvelope } from "@statehub/events";
import { and, asc, desc, eq, type SQL, sql } from "drizzle-orm";
import type { EventLogEntry, ListEventsInput } from "../schemas/events.js";
import type { ServiceDeps } from "../services/deps.js";
import { isoOrNull } from "../services/dto.js";
import { type Page, pageLimit, toPage } from "../services/paging.js";
import { deliveryOf } from "./delivery.js";
import { decodeFeedCursor, encodeFeedCursor } from "./feed-cursor.js";
import { readFeedHorizon } from "./feed-horizon.js";

export type { EventLogEntry, ListEventsInput };

export function createEventLogService(deps: ServiceDeps) {
  return {
    /**
     * The event feed: committed events in the order of their writers' transaction ids, then
     * of insertion, oldest first, below the horizon (feed-horizon.ts). Resuming `after` an
     * entry's cursor yields every later event exactly once, however writers' commits interleave.
     * `order: "newest"` reads the same feed backwards (the dashboard's event log).
     */
    async list(input: ListEventsInput = {}): Promise<Page<EventLogEntry>> {
      const limit = pageLimit(input.limit);
      const newestFirst = input.order === "newest";
      const horizon = await readFeedHorizon(deps.db);
      const conditions: SQL[] = [sql`${eventOutbox.txid} < ${horizon}::xid8`];
      if (input.after !== undefined) {
        const after = decodeFeedCursor(input.after, "after");
        const row = sql`(${eventOutbox.txid}, ${eventOutbox.position})`;
        const cursor = sql`(${after.txid}::xid8, ${after.position})`;
        conditions.push(newestFirst ? sql`${row} < ${cursor}` : sql`${row} > ${cursor}`);
      }
      if (input.subject !== undefined) conditions.push(eq(eventOutbox.subject, input.subject));
      if (input.entity !== undefined) conditions.push(eq(eventOutbox.entity, input.entity));
      const rows = await deps.db
        .select({
          txid: sql<string>`${eventOutbox.txid}::text`,
          position: eventOutbox.position,
          envelope: eventOutbox.envelope,
          publishedAt: eventOutbox.publishedAt,
          streamSequence: eventOutbox.streamSequence,
          attempts: eventOutbox.attempts,
          lastError: eventOutbox.lastError,
          parkedAt: eventOutbox.parkedAt,
          parkedReason: eventOutbox.parkedReason,
        })
        .from(eventOutbox)
        .where(and(...conditions))
        .orderBy(
          ...(newestFirst
            ? [desc(eventOutbox.txid), desc(eventOutbox.position)]
            : [asc(eventOutbox.txid), asc(eventOutbox.position)]),
        )
        .limit(limit + 1);
      return toPage(
        rows,
        limit,
        (row) => ({
          cursor: encodeFeedCursor(row),
          envelope: row.envelope as AnyEnvelope,
          publishedAt: isoOrNull(row.publishedAt),
          streamSequence: row.streamSequence,
          delivery: deliveryOf(row),
        }),
        (row) => encodeFeedCursor(row),
      );
    },
  };
}

export type EventLogService = ReturnType<typeof createEventLogService>;
