import type { Database } from "@statehub/db";
import { uuidv7 } from "@statehub/events";
import { ManualClock } from "../clock.js";
import { createEventLogService, type EventLogService } from "../outbox/event-log.js";
import { recordEvent } from "../outbox/record-event.js";

// Support for the event feed's concurrency suites: a reader that resumes from its last cursor
// the way a client does, and write transactions that a test drives one statement at a time.

const ORIGIN = { source: "/statehub-test", actor: "tester" };
const TIME = new Date("2026-03-01T09:00:00.000Z");

/** Reads `events.list` like a client: each poll resumes after the last entry it saw. */
export class FeedReader {
  readonly seen: string[] = [];
  polls = 0;
  private after: string | undefined;
  private readonly events: EventLogService;

  constructor(database: Database) {
    this.events = createEventLogService({ db: database.db, clock: new ManualClock(TIME) });
  }

  /** Reads one page; returns how many entries were new. */
  async poll(limit = 100): Promise<number> {
    const page = await this.events.list({
      limit,
      ...(this.after === undefined ? {} : { after: this.after }),
    });
    this.polls += 1;
    for (const item of page.items) this.seen.push(item.envelope.id);
    const last = page.items.at(-1);
    if (last) this.after = last.cursor;
    return page.items.length;
  }

  /**
   * Polls until it has seen `count` entries, or `deadlineMs` passed: then the caller's
   * assertions say what is missing. (Waiting is needed on Postgres: any transaction in flight
   * on the server may hold the feed back for as long as it runs.)
   */
  async readUntil(count: number, deadlineMs = 10_000): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    while (this.seen.length < count && Date.now() < deadline) {
      if ((await this.poll()) === 0) await sleep(10);
    }
  }
}

type Step = "insert" | "commit" | "rollback";

class RolledBack extends Error {}

/**
 * A write transaction on a connection of its own that records one event per `insert()` and
 * ends when told to: a test interleaves several transactions' statements in an exact order.
 */
export class ScriptedTransaction {
  /** Envelope ids recorded so far (committed only by `commit()`). */
  readonly ids: string[] = [];
  private readonly queue: Array<{ step: Step; settle: (error?: unknown) => void }> = [];
  private wake: (() => void) | undefined;
  /** Settles when the transaction ended: with its error, undefined when it committed or rolled back. */
  private readonly ended: Promise<unknown>;

  constructor(database: Database) {
    this.ended = database.db
      .transaction(async (tx) => {
        for (;;) {
          const next = this.queue.shift();
          if (!next) {
            await new Promise<void>((resolve) => {
              this.wake = resolve;
            });
            continue;
          }
          if (next.step === "commit") return;
          if (next.step === "rollback") throw new RolledBack();
          try {
            const repoId = uuidv7();
            const data = { repoId, name: `feed/${repoId}`, domain: "feed", url: null, defaultBranch: "main" };
            const envelope = await recordEvent(tx, "org.statehub.repo.registered", data, TIME, ORIGIN);
            this.ids.push(envelope.id);
            next.settle();
          } catch (error) {
            next.settle(error);
            throw error;
          }
        }
      })
      .then(
        () => undefined,
        (error: unknown) => (error instanceof RolledBack ? undefined : error),
      );
  }

  /** Records one event in this transaction; resolves once the row is inserted. */
  insert(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.push("insert", (error) => (error === undefined ? resolve() : reject(error)));
    });
  }

  /** Commits; resolves once the commit is done. */
  commit(): Promise<void> {
    return this.end("commit");
  }

  /** Rolls back; resolves once the rollback is done. */
  rollback(): Promise<void> {
    return this.end("rollback");
  }

  private async end(step: "commit" | "rollback"): Promise<void> {
    this.push(step, () => {});
    const error = await this.ended;
    if (error !== undefined) throw error;
  }

  private push(step: Step, settle: (error?: unknown) => void): void {
    this.queue.push({ step, settle });
    this.wake?.();
    this.wake = undefined;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
