import postgres from "postgres";
import { expect } from "vitest";
import type { WriteOutcome } from "./write-load.js";

export interface StoredWrites {
  /** repo name → repo id, for every repo in the database. */
  repos: Map<string, string>;
  /** repo id → outbox ids of its repo.registered events. */
  events: Map<string, string[]>;
  /** Every outbox id, and the unpublished ones. */
  outboxIds: string[];
  unpublished: number;
}

/** Reads what the writes left in the database (repos and their outbox rows). */
export async function readStoredWrites(databaseUrl: string): Promise<StoredWrites> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const repoRows = await sql<{ id: string; name: string }[]>`select id, name from repos`;
    const outboxRows = await sql<{ id: string; repo_id: string | null; published: boolean }[]>`
      select id, envelope->'data'->>'repoId' as repo_id, published_at is not null as published
      from event_outbox`;
    const events = new Map<string, string[]>();
    for (const row of outboxRows) {
      if (row.repo_id) events.set(row.repo_id, [...(events.get(row.repo_id) ?? []), row.id]);
    }
    return {
      repos: new Map(repoRows.map((row) => [row.name, row.id])),
      events,
      outboxIds: outboxRows.map((row) => row.id),
      unpublished: outboxRows.filter((row) => !row.published).length,
    };
  } finally {
    await sql.end();
  }
}

/**
 * No accepted write is lost or half-applied: each accepted one is in the database with
 * exactly one outbox row. A refused (or unanswered) one is all or nothing: usually nothing,
 * but a commit whose answer was lost (the connection died after COMMIT) is legitimately
 * whole; never a repo without its event or the reverse.
 */
export function expectWritesIntact(outcomes: WriteOutcome[], stored: StoredWrites): void {
  for (const outcome of outcomes) {
    const repoId = stored.repos.get(outcome.name);
    if (outcome.status === 200) {
      expect(repoId, `accepted write ${outcome.name} is missing`).toBe(outcome.repoId);
      expect(stored.events.get(outcome.repoId ?? "") ?? [], `event of ${outcome.name}`).toHaveLength(1);
    } else if (repoId !== undefined) {
      expect(stored.events.get(repoId) ?? [], `refused write ${outcome.name} half-applied`).toHaveLength(1);
    }
  }
  // And no event without its repo.
  const repoIds = new Set(stored.repos.values());
  for (const repoId of stored.events.keys())
    expect(repoIds.has(repoId), `orphan event of ${repoId}`).toBe(true);
}
