import { createEventLogService } from "../outbox/event-log.js";
import { createDashboardService } from "./dashboard.js";
import { createDecisionService } from "./decisions.js";
import type { ServiceDeps } from "./deps.js";
import { createDomainGoalService } from "./domain-goals.js";
import { createDomainService } from "./domains.js";
import { createProgressService } from "./progress.js";
import { createRepoService } from "./repos.js";
import { createStaleTaskService } from "./stale-tasks.js";
import { createTaskService } from "./tasks.js";
import { createWorkstreamService } from "./workstreams.js";

export interface ServiceSettings {
  /** Default threshold of maintenance.flagStaleTasks (STATEHUB_STALE_DAYS). */
  staleDays?: number;
}

/** Every domain service, built once per app on the same dependencies. */
export function createServices(deps: ServiceDeps, settings: ServiceSettings = {}) {
  return {
    domains: createDomainService(deps),
    domainGoals: createDomainGoalService(deps),
    repos: createRepoService(deps),
    workstreams: createWorkstreamService(deps),
    tasks: createTaskService(deps),
    decisions: createDecisionService(deps),
    progress: createProgressService(deps),
    events: createEventLogService(deps),
    staleTasks: createStaleTaskService(deps, settings.staleDays),
    dashboard: createDashboardService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
export type { CallOrigin, ServiceDeps } from "./deps.js";
