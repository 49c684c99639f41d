import type { StateHubClient } from "@statehub/client";
import type { Subject } from "@statehub/events";
import { createFreshDatabase, type FreshDatabase, TestNatsServer } from "@statehub/testing";
import postgres from "postgres";
import { connectHub } from "../../src/context/hub-client.js";
import { type FixtureHandle, type FixtureOptions, type StoredTask, startFixture } from "../../src/index.js";
import { testLogger } from "../support.js";
import { type HubProcess, startHubProcess } from "./hub-process.js";

export { type HubProcess, hubCliPath, startHubProcess } from "./hub-process.js";

/**
 * Everything one e2e file needs: its own nats-server, a fresh database for the hub and another
 * for issue-core (the fixture never sees the hub's tables), and the hub as a real process.
 */
export interface E2eEnvironment {
  nats: TestNatsServer;
  hubDatabase: FreshDatabase;
  issueCoreDatabase: FreshDatabase;
  hub: HubProcess;
  /** The fixture in-process, on this environment's NATS and issue-core, with the hub as context. */
  startFixture(options?: Partial<FixtureOptions>): Promise<FixtureHandle>;
  dispose(): Promise<void>;
}

export async function startE2eEnvironment(): Promise<E2eEnvironment> {
  const cleanups: (() => Promise<void>)[] = [];
  const dispose = async () => {
    // Reverse order: fixtures before the hub, the hub before NATS and the databases.
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const nats = await TestNatsServer.start();
    cleanups.push(() => nats.dispose());
    const hubDatabase = await createFreshDatabase();
    cleanups.push(() => hubDatabase.drop());
    const issueCoreDatabase = await createFreshDatabase();
    cleanups.push(() => issueCoreDatabase.drop());
    const hub = await startHubProcess({ databaseUrl: hubDatabase.url, natsUrl: nats.url });
    cleanups.push(() => hub.stop());

    const fixtures: FixtureHandle[] = [];
    cleanups.push(async () => {
      for (const fixture of fixtures) await fixture.stop().catch(() => undefined);
    });
    return {
      nats,
      hubDatabase,
      issueCoreDatabase,
      hub,
      async startFixture(options = {}) {
        const fixture = await startFixture({
          natsUrl: nats.url,
          databaseUrl: issueCoreDatabase.url,
          hub: connectHub({ url: hub.url, token: hub.token }),
          // Tests run the cron definitions with runCron(); a schedule firing mid-test would add tasks.
          scheduleCron: false,
          logger: testLogger,
          ...options,
        });
        fixtures.push(fixture);
        await fixture.ready;
        return fixture;
      },
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** The ids of every event the hub recorded for a subject, in commit order (its outbox is the log). */
export async function hubEventIds(client: StateHubClient, subject: Subject): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await client.events.list.query({ subject, limit: 500, ...(after ? { after } : {}) });
    ids.push(...page.items.map((entry) => entry.envelope.id));
    if (page.nextCursor === null) return ids;
    after = page.nextCursor;
  }
}

/** The id of the one event the hub recorded for a subject; fails when there are none or several. */
export async function onlyHubEventId(client: StateHubClient, subject: Subject): Promise<string> {
  const ids = await hubEventIds(client, subject);
  if (ids.length !== 1)
    throw new Error(`expected one ${subject} event in the hub's log, found ${ids.length}`);
  return ids[0] as string;
}

/** A task reduced to what the contract promises, in a stable order for whole-set comparisons. */
export interface TaskSummary {
  definitionId: string;
  eventId: string | null;
  title: string;
}

export function summarize(tasks: readonly Pick<StoredTask, keyof TaskSummary>[]): TaskSummary[] {
  return tasks
    .map(({ definitionId, eventId, title }) => ({ definitionId, eventId, title }))
    .sort((a, b) => `${a.definitionId}/${a.eventId}`.localeCompare(`${b.definitionId}/${b.eventId}`));
}

/**
 * Makes a hub task look untouched for `days` by writing its updated_at directly: the hub's
 * touch trigger keeps an explicitly set updated_at, so this is the backdated row the stale
 * check looks for, without an injected clock in a real process.
 */
export async function backdateHubTask(hubDatabaseUrl: string, taskId: string, days: number): Promise<void> {
  await backdate(hubDatabaseUrl, "tasks", "updated_at", taskId, days);
}

/** Moves a hub workstream's last status change `days` into the past (e.g. blocked for a week). */
export async function backdateHubWorkstreamStatus(
  hubDatabaseUrl: string,
  workstreamId: string,
  days: number,
): Promise<void> {
  await backdate(hubDatabaseUrl, "workstreams", "status_changed_at", workstreamId, days);
}

// Time travel by SQL on the hub's own database: the hub's clock is real in these tests.
async function backdate(
  hubDatabaseUrl: string,
  table: "tasks" | "workstreams",
  column: "updated_at" | "status_changed_at",
  id: string,
  days: number,
): Promise<void> {
  const sql = postgres(hubDatabaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`
      UPDATE ${sql(table)} SET ${sql(column)} = now() - make_interval(days => ${days})
      WHERE id = ${id} RETURNING id`;
    if (rows.length !== 1) throw new Error(`no hub ${table} row ${id} to backdate`);
  } finally {
    await sql.end();
  }
}
