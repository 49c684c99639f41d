import { router } from "../trpc/procedures.js";
import { dashboardRouter } from "./dashboard.js";
import { decisionsRouter } from "./decisions.js";
import { domainGoalsRouter } from "./domain-goals.js";
import { domainsRouter } from "./domains.js";
import { eventsRouter } from "./events.js";
import { maintenanceRouter } from "./maintenance.js";
import { outboxRouter } from "./outbox.js";
import { progressRouter } from "./progress.js";
import { reposRouter } from "./repos.js";
import { tasksRouter } from "./tasks.js";
import { workplansRouter } from "./workplans.js";
import { workstreamsRouter } from "./workstreams.js";

/** The hub's public API. Procedure names and input shapes are a contract: see issue "the server". */
export const appRouter = router({
  domains: domainsRouter,
  domainGoals: domainGoalsRouter,
  repos: reposRouter,
  workstreams: workstreamsRouter,
  tasks: tasksRouter,
  decisions: decisionsRouter,
  progress: progressRouter,
  events: eventsRouter,
  maintenance: maintenanceRouter,
  outbox: outboxRouter,
  workplans: workplansRouter,
  dashboard: dashboardRouter,
});

export type AppRouter = typeof appRouter;
