import { type Database, eventOutbox } from "@statehub/db";
import { asc } from "drizzle-orm";
import { ManualClock } from "../clock.js";
import type { CallOrigin, ServiceDeps } from "../services/deps.js";
import { createServices, type Services } from "../services/index.js";

export interface ServiceFixture {
  services: Services;
  deps: ServiceDeps;
  clock: ManualClock;
  origin: CallOrigin;
  /** How often onEventsCommitted fired. */
  commits: { count: number };
  /** The outbox rows, oldest first. */
  outbox(): Promise<Array<typeof eventOutbox.$inferSelect>>;
}

export function serviceFixture(database: Database): ServiceFixture {
  const clock = new ManualClock("2026-03-01T09:00:00.000Z");
  const commits = { count: 0 };
  const deps: ServiceDeps = {
    db: database.db,
    clock,
    onEventsCommitted: () => {
      commits.count += 1;
    },
  };
  return {
    services: createServices(deps),
    deps,
    clock,
    commits,
    origin: { source: "/statehub-test", actor: "tester" },
    outbox: () => database.db.select().from(eventOutbox).orderBy(asc(eventOutbox.position)),
  };
}

let counter = 0;
/** A unique suffix, so tests in one file never collide on names, keys or slugs. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid.toString(36)}-${counter}`;
}
