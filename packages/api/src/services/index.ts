import { createEventLogService } from "../outbox/event-log.js";
import { createOutboxService, type PublisherStatus } from "../outbox/service.js";
import { createDashboardService } from "./dashboard.js";
import { createDecisionService } from "./decisions.js";
import type { ServiceDeps } from "./deps.js";
import { createDomainGoalService } from "./domain-goals.js";
import { createDomainService } from "./domains.js";
import { createProgressService } from "./progress.js";
import { createRepoService } from "./repos.js";
import { createStaleTaskService } from "./stale-tasks.js";
import { createTaskService } from "./tasks.js";
import { createWorkplanService } from "./workplans.js";
import { createWorkstreamService } from "./workstreams.js";

export interface ServiceSettings {
  /** Default threshold of maintenance.flagStaleTasks (STATEHUB_STALE_DAYS). */
  staleDays?: number;
  /**
   * How publishing goes, from the host that runs the relay (for `outbox.status`). Absent: the
   * hub does not publish.
   */
  publisherStatus?: () => PublisherStatus;
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
    outbox: createOutboxService(deps, settings.publisherStatus),
    staleTasks: createStaleTaskService(deps, settings.staleDays),
    workplans: createWorkplanService(deps),
    dashboard: createDashboardService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
export type { CallOrigin, ServiceDeps } from "./deps.js";
