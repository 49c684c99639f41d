import { randomUUID } from "node:crypto";
import { type Database, eventOutbox } from "@statehub/db";
import { asc, eq } from "drizzle-orm";
import { recordEvent } from "../outbox/record-event.js";
import { rowsRead } from "./rows-read.js";

/** repo.registered data for tests that record events by hand. */
export const SAMPLE_REPO_DATA = {
  repoId: "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d12",
  name: "org/svc",
  domain: "platform",
  url: null,
  defaultBranch: "main",
};

export type OutboxRecord = typeof eventOutbox.$inferSelect;

/** Records one repo.registered event in its own transaction; returns its id (= the row's). */
export async function recordTestEvent(
  database: Database,
  options: { name?: string; time?: Date } = {},
): Promise<string> {
  const envelope = await database.db.transaction((tx) =>
    recordEvent(
      tx,
      "org.statehub.repo.registered",
      {
        repoId: randomUUID(),
        name: options.name ?? `org/repo-${randomUUID().slice(0, 8)}`,
        domain: "platform",
        url: null,
        defaultBranch: "main",
      },
      options.time ?? new Date("2026-06-30T11:00:00.000Z"),
      { source: "/statehub-test", actor: "tester" },
    ),
  );
  return envelope.id;
}

/** Records `count` events, one transaction each; their ids in recording order. */
export async function recordTestEvents(database: Database, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) ids.push(await recordTestEvent(database));
  return ids;
}

/** Puts a row into a state a test needs (published, backing off, refused, parked…). */
export async function setOutboxRow(
  database: Database,
  id: string,
  patch: Partial<Omit<OutboxRecord, "id" | "position">>,
): Promise<void> {
  await database.db.update(eventOutbox).set(patch).where(eq(eventOutbox.id, id));
}

/** Every outbox row, oldest first. */
export function outboxRows(database: Database): Promise<OutboxRecord[]> {
  return database.db.select().from(eventOutbox).orderBy(asc(eventOutbox.position));
}

export async function outboxRow(database: Database, id: string): Promise<OutboxRecord | undefined> {
  return (await database.db.select().from(eventOutbox).where(eq(eventOutbox.id, id)))[0];
}

export async function clearOutbox(database: Database): Promise<void> {
  await database.db.delete(eventOutbox);
}

/** Rows of event_outbox read so far (see rowsRead). */
export function outboxRowsRead(database: Database): Promise<number> {
  return rowsRead(database, "event_outbox");
}
