import {
  discardParked,
  listParked,
  type ParkedEvent,
  type RetryTarget,
  retryParked,
} from "@statehub/api/outbox";
import type { Database } from "@statehub/db";
import { loadConfig } from "../config.js";
import { errorMessage } from "../error-message.js";
import type { Command } from "./command.js";
import { openConfiguredDatabase } from "./configured-database.js";

// The operator's side of parked events (NATS refused them for good; see the relay README):
// list them, put them back in the queue once the cause is fixed, or discard them. On Postgres a
// running hub's relay hears a retry at once (the outbox channel); on PGlite it is picked up when
// the hub starts (only one process may open a PGlite directory).

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `<id…>` or `--all` (when allowed); a string is the usage error to print. */
export function parseEventIds(args: string[], allowAll: boolean): RetryTarget | string {
  const all = args.includes("--all");
  const ids = args.filter((arg) => arg !== "--all");
  const unknown = ids.find((arg) => arg.startsWith("-"));
  if (unknown) return `unknown option ${unknown}`;
  if (all && !allowAll) return "--all is not accepted here: name the events to discard";
  if (all && ids.length > 0) return "give event ids or --all, not both";
  if (all) return { all: true };
  if (ids.length === 0)
    return allowAll
      ? "name the parked events to retry (ids), or --all"
      : "name the parked events to discard (ids)";
  const malformed = ids.find((id) => !UUID.test(id));
  if (malformed) return `not an event id (a UUID): ${malformed}`;
  return { ids: ids.map((id) => id.toLowerCase()) };
}

export function formatParked(events: ParkedEvent[]): string {
  if (events.length === 0) return "no parked events";
  const lines = events.map(
    (e) =>
      `  ${e.id}  ${e.subject.padEnd(34)} parked ${e.parkedAt}  attempts ${e.attempts}  ${e.parkedReason}`,
  );
  return [`${events.length} parked event(s):`, ...lines].join("\n");
}

async function withDatabase(work: (database: Database) => Promise<number>): Promise<number> {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config, 2);
  if (!database) return 1;
  try {
    return await work(database);
  } catch (error) {
    // Unknown ids (NOT_FOUND) and events in another state (CONFLICT): nothing was changed.
    console.error(`statehub: ${errorMessage(error)}`);
    return 1;
  } finally {
    await database.close();
  }
}

export const outboxParkedCommand: Command = {
  name: "outbox parked",
  summary: "list events the relay parked because NATS refuses them for good",
  async run(args) {
    if (args.length > 0) {
      console.error(`statehub: outbox parked takes no arguments (got ${args.join(" ")})`);
      return 2;
    }
    return withDatabase(async (database) => {
      const events: ParkedEvent[] = [];
      let cursor: string | undefined;
      do {
        const page = await listParked(database.db, { limit: 500, ...(cursor ? { cursor } : {}) });
        events.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      console.log(formatParked(events));
      return 0;
    });
  },
};

export const outboxRetryCommand: Command = {
  name: "outbox retry",
  summary: "put parked events back in the queue (after fixing why NATS refused them)",
  usage: "outbox retry <event id…> | --all",
  async run(args) {
    const target = parseEventIds(args, true);
    if (typeof target === "string") {
      console.error(`statehub: ${target}`);
      return 2;
    }
    return withDatabase(async (database) => {
      const result = await retryParked(database.db, target);
      console.log(
        `retried ${result.retried.length} event(s)${result.retried.map((id) => `\n  ${id}`).join("")}`,
      );
      if (result.notParked.length > 0) {
        console.log(`not parked (left as they are): ${result.notParked.join(", ")}`);
      }
      return 0;
    });
  },
};

export const outboxDiscardCommand: Command = {
  name: "outbox discard",
  summary: "delete parked events for good (they will never be published)",
  usage: "outbox discard <event id…>",
  async run(args) {
    const target = parseEventIds(args, false);
    if (typeof target === "string") {
      console.error(`statehub: ${target}`);
      return 2;
    }
    if (!("ids" in target)) return 2;
    return withDatabase(async (database) => {
      const result = await discardParked(database.db, target.ids);
      console.log(
        `discarded ${result.discarded.length} event(s)${result.discarded.map((id) => `\n  ${id}`).join("")}`,
      );
      return 0;
    });
  },
};
