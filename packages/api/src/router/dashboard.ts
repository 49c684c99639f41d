import { z } from "zod";
import { procedure, router } from "../trpc/procedures.js";
import { id, slug } from "./inputs.js";

/**
 * Read-only summaries for the dashboard (apps/web): counts done in SQL, so the pages stay as
 * fast with thousands of workstreams and tasks as with ten. The lists themselves come from the
 * entities' own paged `list` procedures.
 */
export const dashboardRouter = router({
  /** Workstreams by status (overall and per domain), blocked ones longest first, stale tasks, open decisions. */
  overview: procedure
    .input(z.strictObject({ blockedLimit: z.number().int().min(1).max(100).optional() }).optional())
    .query(({ ctx, input }) => ctx.services.dashboard.overview(input)),
  /** A domain by slug, with its workstreams counted by status. */
  domain: procedure
    .input(z.strictObject({ slug: slug() }))
    .query(({ ctx, input }) => ctx.services.dashboard.domain(input.slug)),
  /** A workstream's tasks counted by status. */
  workstream: procedure
    .input(z.strictObject({ id: id() }))
    .query(({ ctx, input }) => ctx.services.dashboard.workstream(input.id)),
});
