import { eventOutbox } from "@statehub/db";
import type { AnyEnvelope } from "@statehub/events";
import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import type { ServiceDeps } from "../services/deps.js";
import { isoOrNull } from "../services/dto.js";
import { type Page, pageLimit, toPage } from "../services/paging.js";
import { type Delivery, deliveryOf } from "./delivery.js";
import { decodeFeedCursor, encodeFeedCursor } from "./feed-cursor.js";
import { FEED_HORIZON } from "./feed-horizon.js";

/** One entry of the hub's event log: the CloudEvents envelope as published, plus its delivery state. */
export interface EventLogEntry {
  /** Resume reading after this entry by passing it as `after`. */
  cursor: string;
  envelope: AnyEnvelope;
  /** When the relay had the event acknowledged by JetStream; null while unpublished. */
  publishedAt: string | null;
  streamSequence: number | null;
  /** Pending, published or parked, with the attempts so far and why the last one failed. */
  delivery: Delivery;
}

export interface ListEventsInput {
  /** Only events of this subject (type), e.g. `org.statehub.decision.resolved`. */
  subject?: string | undefined;
  /** Only events about this entity: the envelope's `subject` attribute (the entity's id). */
  entity?: string | undefined;
  /** A cursor from a previous entry or page: only events after it in the feed's order. */
  after?: string | undefined;
  limit?: number | undefined;
}

export function createEventLogService(deps: ServiceDeps) {
  return {
    /**
     * The event feed: committed events in the order of their writers' transaction ids, then
     * of insertion, oldest first, up to the horizon (feed-horizon.ts). Resuming `after` an
     * entry's cursor yields every later event exactly once, however writers' commits interleave.
     */
    async list(input: ListEventsInput = {}): Promise<Page<EventLogEntry>> {
      const limit = pageLimit(input.limit);
      const conditions: SQL[] = [sql`${eventOutbox.txid} < ${FEED_HORIZON}`];
      if (input.after !== undefined) {
        const after = decodeFeedCursor(input.after, "after");
        conditions.push(
          sql`(${eventOutbox.txid}, ${eventOutbox.position}) > (${after.txid}::xid8, ${after.position})`,
        );
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
        .orderBy(asc(eventOutbox.txid), asc(eventOutbox.position))
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
