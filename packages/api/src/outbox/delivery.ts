import type { Delivery } from "../schemas/events.js";
import { isoOrNull } from "../services/dto.js";

/**
 * Where an event stands on its way to NATS. `pending`: not in the stream yet (new, or retried
 * after a failure); `published`: acknowledged by JetStream; `parked`: NATS refused it for good
 * and the relay gave up until an operator retries or discards it (a discarded event is deleted
 * from the outbox, so it has no state).
 */
export type { Delivery };
export type DeliveryState = Delivery["state"];

interface DeliveryColumns {
  publishedAt: Date | null;
  attempts: number;
  lastError: string | null;
  parkedAt: Date | null;
  parkedReason: string | null;
}

export function deliveryOf(row: DeliveryColumns): Delivery {
  return {
    state: row.publishedAt !== null ? "published" : row.parkedAt !== null ? "parked" : "pending",
    attempts: row.attempts,
    lastError: row.lastError,
    parkedReason: row.parkedReason,
    parkedAt: isoOrNull(row.parkedAt),
  };
}
