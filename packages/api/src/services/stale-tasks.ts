import { isOpenTask, tasks } from "@statehub/db";
import { isOpenTaskStatus } from "@statehub/events";
import { and, asc, inArray, isNull, lte } from "drizzle-orm";
import { writeTransaction } from "../outbox/write-transaction.js";
import type { FlagStaleTasksInput, FlagStaleTasksResult, StaleTask } from "../schemas/maintenance.js";
import type { CallOrigin, ServiceDeps } from "./deps.js";

export const DEFAULT_STALE_DAYS = 14;
const DAY_MS = 86_400_000;

export interface FlagStaleTasksOptions extends FlagStaleTasksInput {
  /** Tasks flagged per transaction. */
  batchSize?: number | undefined;
}

// A dry run lists at most this many; a real run flags in batches until none is left.
const DRY_RUN_LIMIT = 10_000;

// The predicate of the partial index tasks_open_updated_at_idx, so the planner uses it.
const isOpen = isOpenTask(tasks.status);

/**
 * The port of `cleanup_stale_tasks`: finds open tasks untouched for `thresholdDays` and records
 * `org.statehub.task.stale` once per staleness episode. The episode is remembered in
 * `stale_flagged_at` (an update to the task clears it: tasks service). The hub is a read model:
 * no status changes here; what to do about a stale task is activity-core's decision.
 *
 * Two runs at once flag each task once: rows are claimed with FOR UPDATE SKIP LOCKED, and a
 * row flagged by the other run no longer matches `stale_flagged_at is null` when re-checked.
 */
export async function flagStaleTasks(
  deps: ServiceDeps,
  origin: CallOrigin,
  options: FlagStaleTasksOptions = {},
): Promise<FlagStaleTasksResult> {
  const thresholdDays = options.thresholdDays ?? DEFAULT_STALE_DAYS;
  if (!Number.isInteger(thresholdDays) || thresholdDays < 1) {
    throw new RangeError(`thresholdDays must be a positive integer (got ${thresholdDays})`);
  }
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - thresholdDays * DAY_MS);
  const stale = and(isOpen, lte(tasks.updatedAt, cutoff), isNull(tasks.staleFlaggedAt));
  const result = { thresholdDays, dryRun: options.dryRun === true, cutoff: cutoff.toISOString() };

  if (options.dryRun) {
    const rows = await deps.db
      .select()
      .from(tasks)
      .where(stale)
      .orderBy(asc(tasks.updatedAt), asc(tasks.id))
      .limit(DRY_RUN_LIMIT);
    return { ...result, flagged: rows.flatMap((row) => toStaleTask(row) ?? []) };
  }

  const batchSize = options.batchSize ?? 500;
  const flagged: StaleTask[] = [];
  for (;;) {
    // One transaction per batch; the relay is woken once each commits.
    const batch = await writeTransaction(deps, origin, async (tx, events) => {
      const rows = await tx
        .select()
        .from(tasks)
        .where(stale)
        .orderBy(asc(tasks.updatedAt), asc(tasks.id))
        .limit(batchSize)
        .for("update", { skipLocked: true });
      if (rows.length === 0) return { claimed: 0, flagged: [] as StaleTask[] };
      // Setting only stale_flagged_at is bookkeeping: the updated_at trigger leaves it alone.
      await tx
        .update(tasks)
        .set({ staleFlaggedAt: now })
        .where(
          inArray(
            tasks.id,
            rows.map((row) => row.id),
          ),
        );
      const done: StaleTask[] = [];
      for (const row of rows) {
        const task = toStaleTask(row);
        if (!task) continue;
        const envelope = await events.record("org.statehub.task.stale", { ...task, thresholdDays }, now);
        done.push({ ...task, eventId: envelope.id });
      }
      return { claimed: rows.length, flagged: done };
    });
    flagged.push(...batch.flagged);
    if (batch.claimed < batchSize) break;
  }
  return { ...result, flagged };
}

function toStaleTask(row: typeof tasks.$inferSelect): StaleTask | undefined {
  // The query only returns open tasks; this narrows the type for the event's schema.
  if (!isOpenTaskStatus(row.status)) return undefined;
  return {
    taskId: row.id,
    key: row.key,
    title: row.title,
    status: row.status,
    workstreamId: row.workstreamId,
    lastUpdatedAt: row.updatedAt.toISOString(),
  };
}

/** The stale check as a service (what `maintenance.flagStaleTasks` calls). */
/** `defaultThresholdDays` applies when a caller names none (the server passes STATEHUB_STALE_DAYS). */
export function createStaleTaskService(deps: ServiceDeps, defaultThresholdDays = DEFAULT_STALE_DAYS) {
  return {
    flag: (origin: CallOrigin, options: FlagStaleTasksOptions = {}) =>
      flagStaleTasks(deps, origin, {
        ...options,
        thresholdDays: options.thresholdDays ?? defaultThresholdDays,
      }),
  };
}
