import { decisions, domains, repos, tasks, workstreams } from "@statehub/db";
import { TASK_STATUSES, WORKSTREAM_STATUSES, type WorkstreamStatus } from "@statehub/events";
import { asc, count, eq, isNotNull } from "drizzle-orm";
import { NotFoundError } from "../domain/errors.js";
import type {
  DashboardOverview,
  DashboardOverviewInput,
  DomainSummary,
  WorkstreamSummary,
} from "../schemas/dashboard.js";
import type { ServiceDeps } from "./deps.js";
import { toDomain } from "./domains.js";
import { iso } from "./dto.js";

export type { DashboardOverview, DomainSummary, WorkstreamSummary };

// What the read-only dashboard needs beyond the paged lists: counts, and the blocked
// workstreams in the order a person reads them (longest blocked first). Every figure is
// counted in SQL, so a hub with thousands of workstreams or tasks answers with a few rows.

const DEFAULT_BLOCKED_SHOWN = 20;

type StatusCounts<S extends string> = Record<S, number>;

function zeroCounts<S extends string>(statuses: readonly S[]): StatusCounts<S> {
  return Object.fromEntries(statuses.map((status) => [status, 0])) as StatusCounts<S>;
}

function countsOf<S extends string>(
  statuses: readonly S[],
  rows: ReadonlyArray<{ status: S; count: number }>,
): StatusCounts<S> {
  const counts = zeroCounts(statuses);
  for (const row of rows) counts[row.status] = row.count;
  return counts;
}

export function createDashboardService(deps: ServiceDeps) {
  const { db } = deps;
  return {
    async overview(input: DashboardOverviewInput = {}): Promise<DashboardOverview> {
      const limit = input.blockedLimit ?? DEFAULT_BLOCKED_SHOWN;
      const [byDomainRows, blockedRows, [stale], [open]] = await Promise.all([
        db
          .select({ domain: domains.slug, status: workstreams.status, count: count() })
          .from(workstreams)
          .innerJoin(domains, eq(domains.id, workstreams.domainId))
          .groupBy(domains.slug, workstreams.status)
          .orderBy(asc(domains.slug)),
        db
          .select({
            id: workstreams.id,
            key: workstreams.key,
            title: workstreams.title,
            domain: domains.slug,
            repo: repos.name,
            statusChangedAt: workstreams.statusChangedAt,
          })
          .from(workstreams)
          .innerJoin(domains, eq(domains.id, workstreams.domainId))
          .leftJoin(repos, eq(repos.id, workstreams.repoId))
          .where(eq(workstreams.status, "blocked"))
          .orderBy(asc(workstreams.statusChangedAt), asc(workstreams.key))
          .limit(limit),
        db.select({ count: count() }).from(tasks).where(isNotNull(tasks.staleFlaggedAt)),
        db.select({ count: count() }).from(decisions).where(eq(decisions.status, "open")),
      ]);

      const perDomain = new Map<string, Array<{ status: WorkstreamStatus; count: number }>>();
      for (const row of byDomainRows) {
        const rows = perDomain.get(row.domain) ?? [];
        rows.push(row);
        perDomain.set(row.domain, rows);
      }
      const workstreamsByDomain = [...perDomain].map(([domain, rows]) => ({
        domain,
        byStatus: countsOf(WORKSTREAM_STATUSES, rows),
      }));
      const total = zeroCounts(WORKSTREAM_STATUSES);
      for (const { byStatus } of workstreamsByDomain) {
        for (const status of WORKSTREAM_STATUSES) total[status] += byStatus[status];
      }
      return {
        workstreams: total,
        workstreamsByDomain,
        blocked: {
          total: total.blocked,
          longestFirst: blockedRows.map(({ statusChangedAt, ...row }) => ({
            ...row,
            blockedSince: iso(statusChangedAt),
          })),
        },
        staleTasks: stale?.count ?? 0,
        openDecisions: open?.count ?? 0,
      };
    },

    /** A domain by its slug, with its workstreams counted by status. */
    async domain(slug: string): Promise<DomainSummary> {
      const [row] = await db.select().from(domains).where(eq(domains.slug, slug));
      if (!row) throw new NotFoundError("domain", slug);
      const rows = await db
        .select({ status: workstreams.status, count: count() })
        .from(workstreams)
        .where(eq(workstreams.domainId, row.id))
        .groupBy(workstreams.status);
      return { domain: toDomain(row), workstreams: countsOf(WORKSTREAM_STATUSES, rows) };
    },

    /** A workstream's tasks counted by status. */
    async workstream(id: string): Promise<WorkstreamSummary> {
      const [found] = await db.select({ id: workstreams.id }).from(workstreams).where(eq(workstreams.id, id));
      if (!found) throw new NotFoundError("workstream", id);
      const rows = await db
        .select({ status: tasks.status, count: count() })
        .from(tasks)
        .where(eq(tasks.workstreamId, id))
        .groupBy(tasks.status);
      return { tasks: countsOf(TASK_STATUSES, rows) };
    },
  };
}
