import type { Database } from "@statehub/db";
import { eventOutbox } from "@statehub/db";
import { isNull } from "drizzle-orm";
import { OutboxRelay, type RelayOptions } from "../../../src/relay/relay.js";
import { captureLogger } from "./logger.js";

/** A relay tuned for tests: short timeouts and backoff, a slow poll. */
export function testRelay(
  database: Database,
  natsUrl: string,
  stream: string,
  overrides: Partial<RelayOptions> = {},
): OutboxRelay {
  return new OutboxRelay({
    database,
    nats: { url: natsUrl, connectTimeoutMs: 1_000 },
    stream,
    logger: captureLogger().logger,
    pollIntervalMs: 60_000,
    publishTimeoutMs: 1_000,
    backoff: { baseMs: 50, capMs: 500 },
    ...overrides,
  });
}

export async function unpublishedCount(database: Database): Promise<number> {
  return (
    await database.db.select({ id: eventOutbox.id }).from(eventOutbox).where(isNull(eventOutbox.publishedAt))
  ).length;
}
