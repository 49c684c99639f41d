import { randomUUID } from "node:crypto";
import { recordEvent } from "@statehub/api/outbox";
import type { Database } from "@statehub/db";
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
