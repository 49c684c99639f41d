import { useQuery } from "@tanstack/react-query";
import type { DomainGoal } from "../api/types.js";
import { useHub } from "../app/services.js";
import { Ago, StatusBadge, useNow } from "../components/bits.js";
import { PageHeading } from "../components/page.js";
import { QueryView } from "../components/query-view.js";
import { formatDuration } from "../format/time.js";
import { TASK_STATUS_LABELS } from "../labels.js";
import { Link } from "../routing/router.js";
import { href } from "../routing/routes.js";
import { SYNC_HINT } from "./hints.js";
import { blockedLongestFirst, groupByDomain } from "./overview-model.js";

// Bounded reads: the overview shows the first of each list and links to the full, paged view.
const DOMAINS_SHOWN = 100;
const GOALS_READ = 500;
const LIST_SHOWN = 20;

export function OverviewView() {
  const hub = useHub();
  const now = useNow();
  // Mounted together, so the client sends them as one batched request.
  const domains = useQuery({
    queryKey: ["domains.list", { limit: DOMAINS_SHOWN }],
    queryFn: () => hub.domains.list.query({ limit: DOMAINS_SHOWN }),
  });
  const goals = useQuery({
    queryKey: ["domainGoals.list", { status: "active", limit: GOALS_READ }],
    queryFn: () => hub.domainGoals.list.query({ status: "active", limit: GOALS_READ }),
  });
  const blocked = useQuery({
    queryKey: ["workstreams.list", { status: "blocked", limit: LIST_SHOWN }],
    queryFn: () => hub.workstreams.list.query({ status: "blocked", limit: LIST_SHOWN }),
  });
  const stale = useQuery({
    queryKey: ["tasks.list", { staleOnly: true, limit: LIST_SHOWN }],
    queryFn: () => hub.tasks.list.query({ staleOnly: true, limit: LIST_SHOWN }),
  });
  const openDecisions = useQuery({
    queryKey: ["decisions.list", { status: "open", limit: LIST_SHOWN }],
    queryFn: () => hub.decisions.list.query({ status: "open", limit: LIST_SHOWN }),
  });

  return (
    <>
      <PageHeading title="Overview" />

      <section aria-labelledby="domains-heading">
        <h2 id="domains-heading">Domains and their active goals</h2>
        <QueryView query={domains} what="domains">
          {(page) =>
            page.items.length === 0 ? (
              <div className="empty">
                <p>No domains yet.</p>
                {SYNC_HINT}
              </div>
            ) : (
              <ul className="cards">
                {page.items.map((domain) => (
                  <li key={domain.slug} className="card">
                    <h3>
                      <Link href={href.domain(domain.slug)}>{domain.name}</Link>
                    </h3>
                    <ActiveGoals
                      goals={
                        goals.data ? (groupByDomain(goals.data.items).get(domain.slug) ?? []) : undefined
                      }
                    />
                  </li>
                ))}
              </ul>
            )
          }
        </QueryView>
      </section>

      <section aria-labelledby="blocked-heading">
        <h2 id="blocked-heading">Blocked workstreams</h2>
        <QueryView query={blocked} what="blocked workstreams">
          {(page) => {
            const rows = blockedLongestFirst(page.items, now);
            if (rows.length === 0) return <p className="empty">Nothing is blocked.</p>;
            return (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Workstream</th>
                    <th scope="col">Domain</th>
                    <th scope="col">Blocked since</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map(({ workstream, since, blockedForMs }) => (
                    <tr key={workstream.id}>
                      <td>
                        <Link href={href.workstream(workstream.id)}>
                          {workstream.key}: {workstream.title}
                        </Link>
                      </td>
                      <td>
                        <Link href={href.domain(workstream.domain)}>{workstream.domain}</Link>
                      </td>
                      <td>
                        <Ago iso={since} now={now} />{" "}
                        <span className="muted">({formatDuration(blockedForMs)})</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            );
          }}
        </QueryView>
      </section>

      <section aria-labelledby="stale-heading">
        <h2 id="stale-heading">Stale tasks</h2>
        <QueryView query={stale} what="stale tasks">
          {(page) =>
            page.items.length === 0 ? (
              <p className="empty">No stale tasks: every open task was touched recently.</p>
            ) : (
              <ul className="rows">
                {page.items.map((task) => (
                  <li key={task.id}>
                    <Link href={href.workstream(task.workstreamId)}>
                      {task.key}: {task.title}
                    </Link>{" "}
                    <StatusBadge status={task.status} label={TASK_STATUS_LABELS[task.status]} />{" "}
                    <span className="muted">
                      last updated <Ago iso={task.updatedAt} now={now} />
                    </span>
                  </li>
                ))}
              </ul>
            )
          }
        </QueryView>
      </section>

      <section aria-labelledby="decisions-heading">
        <h2 id="decisions-heading">Open decisions</h2>
        <QueryView query={openDecisions} what="open decisions">
          {(page) =>
            page.items.length === 0 ? (
              <p className="empty">No open decisions.</p>
            ) : (
              <>
                <ul className="rows">
                  {page.items.map((decision) => (
                    <li key={decision.id}>
                      <Link href={href.decision(decision.id)}>{decision.title}</Link>{" "}
                      <span className="muted">
                        {decision.domain ? `${decision.domain} · ` : ""}opened{" "}
                        <Ago iso={decision.createdAt} now={now} />
                      </span>
                    </li>
                  ))}
                </ul>
                {page.nextCursor ? (
                  <p>
                    <Link href={href.decisions({ status: "open" })}>All open decisions</Link>
                  </p>
                ) : null}
              </>
            )
          }
        </QueryView>
      </section>
    </>
  );
}

function ActiveGoals({ goals }: { goals: DomainGoal[] | undefined }) {
  if (goals === undefined) return null;
  if (goals.length === 0) return <p className="muted">No active goals.</p>;
  return (
    <ul className="goals">
      {goals.map((goal) => (
        <li key={goal.id}>{goal.title}</li>
      ))}
    </ul>
  );
}
