import { TASK_STATUSES, WORKSTREAM_STATUSES } from "@statehub/events";
import { z } from "zod";
import { Domain } from "./domains.js";
import { entityKey, id, slug, timestamp } from "./fields.js";

// The dashboard's summaries (apps/web): counts the hub does in SQL, so a page never loads a
// whole list to count it.

/** How many entities have each status: every status present, zero when none. */
const countsOf = <S extends string>(statuses: readonly [S, ...S[]]) =>
  z.strictObject(
    Object.fromEntries(statuses.map((status) => [status, z.number().int().min(0)])) as Record<S, z.ZodNumber>,
  );

export const WorkstreamCounts = countsOf(WORKSTREAM_STATUSES);
export type WorkstreamCounts = z.infer<typeof WorkstreamCounts>;
export const TaskCounts = countsOf(TASK_STATUSES);
export type TaskCounts = z.infer<typeof TaskCounts>;

export const DashboardOverviewInput = z
  .strictObject({
    /** How many blocked workstreams to list (all are counted); default 20. */
    blockedLimit: z.number().int().min(1).max(100).optional(),
  })
  .meta({ examples: [{ blockedLimit: 20 }] });
export type DashboardOverviewInput = z.infer<typeof DashboardOverviewInput>;

export const BlockedWorkstream = z.strictObject({
  id: id(),
  key: entityKey(),
  title: z.string(),
  domain: slug(),
  repo: z.string().nullable(),
  /** When it became blocked (its last status change). */
  blockedSince: timestamp(),
});
export type BlockedWorkstream = z.infer<typeof BlockedWorkstream>;

export const DashboardOverview = z.strictObject({
  /** Workstreams of the whole hub by status. */
  workstreams: WorkstreamCounts,
  /** The same per domain; domains without workstreams are left out. */
  workstreamsByDomain: z.array(z.strictObject({ domain: slug(), byStatus: WorkstreamCounts })),
  /** All blocked workstreams counted, the first `blockedLimit` listed, longest blocked first. */
  blocked: z.strictObject({ total: z.number().int().min(0), longestFirst: z.array(BlockedWorkstream) }),
  /** Open tasks the stale check has flagged (and nobody has updated since). */
  staleTasks: z.number().int().min(0),
  openDecisions: z.number().int().min(0),
});
export type DashboardOverview = z.infer<typeof DashboardOverview>;

export const DashboardDomainInput = z
  .strictObject({ slug: slug() })
  .meta({ examples: [{ slug: "payments" }] });
export type DashboardDomainInput = z.infer<typeof DashboardDomainInput>;

export const DomainSummary = z.strictObject({ domain: Domain, workstreams: WorkstreamCounts });
export type DomainSummary = z.infer<typeof DomainSummary>;

export const DashboardWorkstreamInput = z
  .strictObject({ id: id() })
  .meta({ examples: [{ id: "01931b0e-7c4a-7def-8a1b-2c3d4e5f6a7b" }] });
export type DashboardWorkstreamInput = z.infer<typeof DashboardWorkstreamInput>;

export const WorkstreamSummary = z.strictObject({
  /** The workstream's tasks by status. */
  tasks: TaskCounts,
});
export type WorkstreamSummary = z.infer<typeof WorkstreamSummary>;
