import { eventOutbox } from "@statehub/db";
import type { AnyEnvelope } from "@statehub/events";
import { and, asc, desc, eq, gt, lt, type SQL } from "drizzle-orm";
import type { ServiceDeps } from "../services/deps.js";
import { isoOrNull } from "../services/dto.js";
import {
  decodePositionCursor,
  encodePositionCursor,
  type Page,
  pageLimit,
  toPage,
} from "../services/paging.js";

/** One entry of the hub's event log: the CloudEvents envelope as published, plus its delivery state. */
export interface EventLogEntry {
  /** Resume reading after this entry by passing it as `after`. */
  cursor: string;
  envelope: AnyEnvelope;
  /** When the relay had the event acknowledged by JetStream; null while unpublished. */
  publishedAt: string | null;
  streamSequence: number | null;
}

export interface ListEventsInput {
  subject?: string | undefined;
  /** A cursor from a previous entry or page: only the events that follow it in the chosen order. */
  after?: string | undefined;
  limit?: number | undefined;
  /** "oldest" (the default): recording order, the feed a consumer follows; "newest": newest first, as a person reads a log. */
  order?: "oldest" | "newest" | undefined;
}

export function createEventLogService(deps: ServiceDeps) {
  return {
    /** The outbox in recording (commit) order, oldest first (or newest first with `order: "newest"`). */
    async list(input: ListEventsInput = {}): Promise<Page<EventLogEntry>> {
      const limit = pageLimit(input.limit);
      const newestFirst = input.order === "newest";
      const conditions: SQL[] = [];
      if (input.after !== undefined) {
        const position = decodePositionCursor(input.after, "after");
        conditions.push(
          newestFirst ? lt(eventOutbox.position, position) : gt(eventOutbox.position, position),
        );
      }
      if (input.subject !== undefined) conditions.push(eq(eventOutbox.subject, input.subject));
      const rows = await deps.db
        .select({
          position: eventOutbox.position,
          envelope: eventOutbox.envelope,
          publishedAt: eventOutbox.publishedAt,
          streamSequence: eventOutbox.streamSequence,
        })
        .from(eventOutbox)
        .where(and(...conditions))
        .orderBy(newestFirst ? desc(eventOutbox.position) : asc(eventOutbox.position))
        .limit(limit + 1);
      return toPage(
        rows,
        limit,
        (row) => ({
          cursor: encodePositionCursor(row.position),
          envelope: row.envelope as AnyEnvelope,
          publishedAt: isoOrNull(row.publishedAt),
          streamSequence: row.streamSequence,
        }),
        (row) => encodePositionCursor(row.position),
      );
    },
  };
}

export type EventLogService = ReturnType<typeof createEventLogService>;
