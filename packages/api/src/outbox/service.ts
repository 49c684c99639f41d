import type { ServiceDeps } from "../services/deps.js";
import { isoOrNull } from "../services/dto.js";
import type { PageRequest } from "../services/paging.js";
import { discardParked, listParked, type RetryTarget, retryParked } from "./parked.js";
import { readOutboxBacklog } from "./status.js";

/**
 * What the host knows about publishing (the relay runs in the host process, not in the API).
 * `publishing`: this hub runs a relay (NATS_URL is set); `nats.ok`: its connection is up, or
 * there is none to have.
 */
export interface PublisherStatus {
  publishing: boolean;
  nats: { state: string; ok: boolean };
}

/** A hub without a relay: events are recorded and wait in the outbox. */
export const NOT_PUBLISHING: PublisherStatus = { publishing: false, nats: { state: "off", ok: true } };

/** The outbox as the dashboard and operators see it (procedure `outbox.status`). */
export interface OutboxStatus extends PublisherStatus {
  backlog: number;
  oldestPendingAt: string | null;
  parked: number;
  oldestParkedAt: string | null;
}

export function createOutboxService(
  deps: ServiceDeps,
  publisher: () => PublisherStatus = () => NOT_PUBLISHING,
) {
  return {
    async status(): Promise<OutboxStatus> {
      const backlog = await readOutboxBacklog(deps.db);
      const { publishing, nats } = publisher();
      return {
        publishing,
        nats: { state: nats.state, ok: nats.ok },
        backlog: backlog.backlog,
        oldestPendingAt: isoOrNull(backlog.oldestPendingAt),
        parked: backlog.parked,
        oldestParkedAt: isoOrNull(backlog.oldestParkedAt),
      };
    },
    parked: (input: PageRequest = {}) => listParked(deps.db, input),
    retry: (target: RetryTarget) => retryParked(deps.db, target),
    discard: (input: { ids: string[] }) => discardParked(deps.db, input.ids),
  };
}

export type OutboxService = ReturnType<typeof createOutboxService>;
