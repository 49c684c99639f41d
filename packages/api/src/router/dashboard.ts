import {
  DashboardDomainInput,
  DashboardOverview,
  DashboardOverviewInput,
  DashboardWorkstreamInput,
  DomainSummary,
  WorkstreamSummary,
} from "../schemas/index.js";
import { procedure, router } from "../trpc/procedures.js";

/**
 * Read-only summaries for the dashboard (apps/web): counts done in SQL, so the pages stay as
 * fast with thousands of workstreams and tasks as with ten. The lists themselves come from the
 * entities' own paged `list` procedures.
 */
export const dashboardRouter = router({
  overview: procedure
    .meta({
      summary: "Counts for the dashboard's overview",
      description:
        "Workstreams by status, overall and per domain; the blocked workstreams, longest blocked first (all counted, the first `blockedLimit` listed); how many tasks are flagged stale; how many decisions are open.",
    })
    .input(DashboardOverviewInput.optional())
    .output(DashboardOverview)
    .query(({ ctx, input }) => ctx.services.dashboard.overview(input)),
  domain: procedure
    .meta({ summary: "A domain by slug, with its workstreams counted by status", errors: ["NOT_FOUND"] })
    .input(DashboardDomainInput)
    .output(DomainSummary)
    .query(({ ctx, input }) => ctx.services.dashboard.domain(input.slug)),
  workstream: procedure
    .meta({ summary: "A workstream's tasks counted by status", errors: ["NOT_FOUND"] })
    .input(DashboardWorkstreamInput)
    .output(WorkstreamSummary)
    .query(({ ctx, input }) => ctx.services.dashboard.workstream(input.id)),
});
