import { randomUUID } from "node:crypto";
import { recordEvent } from "@statehub/api/outbox";
import type { Database, Tx } from "@statehub/db";
import type { Envelope } from "@statehub/events";

export const TEST_ORIGIN = { source: "/statehub-test", actor: "tester" };

/** Records one repo.registered event in its own committed transaction. */
export async function recordRepoEvent(
  database: Database,
  name = `org/repo-${randomUUID().slice(0, 8)}`,
  url: string | null = null,
): Promise<Envelope<"org.statehub.repo.registered">> {
  return database.db.transaction((tx) =>
    recordEvent(
      tx,
      "org.statehub.repo.registered",
      { repoId: randomUUID(), name, domain: "platform", url, defaultBranch: "main" },
      new Date(),
      TEST_ORIGIN,
    ),
  );
}

/** Records `count` events, one transaction each; returns their ids in commit order. */
export async function recordRepoEvents(database: Database, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) ids.push((await recordRepoEvent(database)).id);
  return ids;
}

/** Records one decision.resolved event (a subject other than repo.registered's) in its own transaction. */
export async function recordDecisionEvent(
  database: Database,
): Promise<Envelope<"org.statehub.decision.resolved">> {
  return database.db.transaction((tx) => recordDecisionEventIn(tx));
}

/** Records one decision.resolved event in the caller's transaction. */
export function recordDecisionEventIn(tx: Tx): Promise<Envelope<"org.statehub.decision.resolved">> {
  return recordEvent(
    tx,
    "org.statehub.decision.resolved",
    {
      decisionId: randomUUID(),
      title: "Use Postgres for the ledger",
      resolution: "Postgres 16",
      resolvedBy: "alice",
      resolvedAt: "2026-06-30T12:00:00.000Z",
      domain: null,
    },
    new Date(),
    TEST_ORIGIN,
  );
}

/**
 * Records `count` events in one transaction (one commit, one notification), after which `shape`
 * may change their rows in the same transaction (e.g. put the first one in backoff): a running
 * relay sees them only as they are at the commit. Returns their ids in order.
 */
export async function recordRepoEventsAtOnce(
  database: Database,
  count: number,
  shape: (tx: Tx, ids: string[]) => Promise<void> = async () => {},
): Promise<string[]> {
  return database.db.transaction(async (tx) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const repo = {
        repoId: randomUUID(),
        name: `org/batch-${randomUUID().slice(0, 8)}`,
        domain: "platform",
        url: null,
        defaultBranch: "main",
      };
      ids.push((await recordEvent(tx, "org.statehub.repo.registered", repo, new Date(), TEST_ORIGIN)).id);
    }
    await shape(tx, ids);
    return ids;
  });
}
