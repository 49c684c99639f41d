import { eventOutbox } from "@statehub/db";
import type { AnyEnvelope } from "@statehub/events";
import { eq } from "drizzle-orm";
import type { EventLogEntry, ListEventsInput } from "../schemas/events.js";
import type { ServiceDeps } from "../services/deps.js";
import { isoOrNull } from "../services/dto.js";
import { encodePositionCursor, keysetList, type Page, positionKeyset } from "../services/paging.js";

export type { EventLogEntry, ListEventsInput };

type LogRow = {
  position: number;
  envelope: unknown;
  publishedAt: Date | null;
  streamSequence: number | null;
};

export function createEventLogService(deps: ServiceDeps) {
  return {
    /** The outbox in recording (commit) order, oldest first: newest last. */
    list(input: ListEventsInput = {}): Promise<Page<EventLogEntry>> {
      return keysetList({
        request: { cursor: input.after, limit: input.limit },
        keyset: positionKeyset(eventOutbox.position, (row: LogRow) => row.position, "after"),
        filters: () => [input.subject === undefined ? undefined : eq(eventOutbox.subject, input.subject)],
        fetch: (where, orderBy, limit) =>
          deps.db
            .select({
              position: eventOutbox.position,
              envelope: eventOutbox.envelope,
              publishedAt: eventOutbox.publishedAt,
              streamSequence: eventOutbox.streamSequence,
            })
            .from(eventOutbox)
            .where(where)
            .orderBy(orderBy)
            .limit(limit),
        toItem: (row) => ({
          cursor: encodePositionCursor(row.position),
          envelope: row.envelope as AnyEnvelope,
          publishedAt: isoOrNull(row.publishedAt),
          streamSequence: row.streamSequence,
        }),
      });
    },
  };
}

export type EventLogService = ReturnType<typeof createEventLogService>;
