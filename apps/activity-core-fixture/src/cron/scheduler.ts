import { Cron } from "croner";
import type { Logger } from "pino";
import { runCronActivity } from "../activity/for-cron.js";
import type { HubContext } from "../context/hub.js";
import type { LoadedDefinition } from "../definitions/load.js";
import { type CronActivity, isEventActivity } from "../definitions/schema.js";
import type { IssueCoreStore } from "../issue-core/store.js";
import type { Metrics } from "../metrics.js";

export interface CronRunOutcome {
  definitionId: string;
  items: number;
  created: number;
  duplicates: number;
  failures: number;
}

interface CronSchedulerDeps {
  store: IssueCoreStore;
  hub: HubContext | undefined;
  metrics: Metrics;
  logger: Logger;
  clock: () => Date;
}

type LoadedCron = CronActivity & { source: string };

/**
 * Runs the cron definitions on their schedules. A run that is still busy when the next one is
 * due is skipped (protect), and a failed run is logged and counted; the schedule goes on.
 */
export class CronScheduler {
  private readonly jobs: Cron[] = [];
  private readonly running = new Set<Promise<unknown>>();
  private readonly definitions: LoadedCron[];

  constructor(
    definitions: readonly LoadedDefinition[],
    private readonly deps: CronSchedulerDeps,
  ) {
    this.definitions = definitions.filter((d): d is LoadedCron => !isEventActivity(d));
  }

  start(): void {
    for (const definition of this.definitions) {
      if (definition.context && !this.deps.hub) {
        this.deps.logger.warn(
          { definitionId: definition.id, call: definition.context.call },
          "cron definition not scheduled: it needs the hub (set STATEHUB_URL)",
        );
        continue;
      }
      const job = new Cron(
        definition.trigger.cron,
        { name: `activity-core:${definition.id}`, timezone: definition.trigger.timezone, protect: true },
        async () => {
          const run = this.runNow(definition.id).catch(() => undefined);
          this.running.add(run);
          await run;
          this.running.delete(run);
        },
      );
      this.deps.logger.info(
        { definitionId: definition.id, nextRun: job.nextRun()?.toISOString() },
        "cron scheduled",
      );
      this.jobs.push(job);
    }
  }

  /** Runs one cron definition now (also what the schedule calls); rejects when the run failed. */
  async runNow(definitionId: string, at = this.deps.clock()): Promise<CronRunOutcome> {
    const definition = this.definitions.find((d) => d.id === definitionId);
    if (!definition) throw new Error(`no cron definition with id "${definitionId}"`);
    const { logger, metrics, store, hub } = this.deps;
    // Whole seconds: the run key of a run without context is its time, and must not vary by jitter.
    const runAt = new Date(Math.floor(at.getTime() / 1000) * 1000);
    metrics.cronRuns.inc();
    try {
      const result = await runCronActivity(definition, hub, runAt, this.deps.clock());
      for (const failure of result.failures) {
        metrics.failed.inc();
        logger.error(
          { definitionId, err: failure.error.message },
          "cron definition could not render an item",
        );
      }
      const stored = await store.insertTasks(result.tasks);
      metrics.acted.inc(stored.created);
      metrics.duplicatesSkipped.inc(stored.duplicates);
      const outcome = { definitionId, items: result.items, ...stored, failures: result.failures.length };
      logger.info(outcome, "cron run finished");
      return outcome;
    } catch (error) {
      metrics.cronFailures.inc();
      logger.error({ definitionId, err: (error as Error).message }, "cron run failed");
      throw error;
    }
  }

  /** Stops scheduling and waits for runs in progress. */
  async stop(): Promise<void> {
    for (const job of this.jobs) job.stop();
    await Promise.all(this.running);
  }
}
