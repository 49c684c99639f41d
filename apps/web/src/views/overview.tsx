import { useQuery } from "@tanstack/react-query";
import type { DomainGoal } from "../api/types.js";
import { useHub } from "../app/services.js";
import { Ago, StatusBadge, useNow } from "../components/bits.js";
import { FirstRows } from "../components/first-rows.js";
import { PageHeading } from "../components/page.js";
import { QueryView } from "../components/query-view.js";
import { Section } from "../components/section.js";
import { ColumnHeads } from "../components/table.js";
import { WorkstreamLink } from "../components/workstream-link.js";
import { formatDuration } from "../format/time.js";
import { TASK_STATUS_LABELS } from "../labels.js";
import { Link } from "../routing/router.js";
import { href } from "../routing/routes.js";
import { EventTable } from "./event-table.js";
import { SYNC_HINT } from "./hints.js";
import { describeCounts, groupByDomain, statusCounts } from "./overview-model.js";

// Bounded reads: counts come from the hub (counted in SQL); lists show their first entries and
// link to the full, paged view.
const DOMAINS_SHOWN = 100;
const GOALS_READ = 500;
const LIST_SHOWN = 20;
const EVENTS_SHOWN = 10;

export function OverviewView() {
  const hub = useHub();
  const now = useNow();
  // Mounted together, so the client sends them as one batched request.
  const summary = useQuery({
    queryKey: ["dashboard.overview", { blockedLimit: LIST_SHOWN }],
    queryFn: () => hub.dashboard.overview.query({ blockedLimit: LIST_SHOWN }),
  });
  const domains = useQuery({
    queryKey: ["domains.list", { limit: DOMAINS_SHOWN }],
    queryFn: () => hub.domains.list.query({ limit: DOMAINS_SHOWN }),
  });
  const goals = useQuery({
    queryKey: ["domainGoals.list", { status: "active", limit: GOALS_READ }],
    queryFn: () => hub.domainGoals.list.query({ status: "active", limit: GOALS_READ }),
  });
  const stale = useQuery({
    queryKey: ["tasks.list", { staleOnly: true, limit: LIST_SHOWN }],
    queryFn: () => hub.tasks.list.query({ staleOnly: true, limit: LIST_SHOWN }),
  });
  const openDecisions = useQuery({
    queryKey: ["decisions.list", { status: "open", limit: LIST_SHOWN }],
    queryFn: () => hub.decisions.list.query({ status: "open", limit: LIST_SHOWN }),
  });
  const events = useQuery({
    queryKey: ["events.list", { order: "newest", limit: EVENTS_SHOWN }],
    queryFn: () => hub.events.list.query({ order: "newest", limit: EVENTS_SHOWN }),
  });

  const countsByDomain = new Map(summary.data?.workstreamsByDomain.map((row) => [row.domain, row.byStatus]));

  return (
    <>
      <PageHeading title="Overview" />

      <Section id="workstreams" title="Workstreams by status">
        <QueryView query={summary} what="workstream counts">
          {(data) => {
            const { rows, total } = statusCounts(data.workstreams);
            if (total === 0) {
              return (
                <div className="empty">
                  <p>No workstreams yet.</p>
                  {SYNC_HINT}
                </div>
              );
            }
            return (
              <ul className="tally" aria-label={`${total} workstreams`}>
                {rows.map((row) => (
                  <li key={row.status}>
                    <span className="tally-count">{row.count}</span>{" "}
                    <StatusBadge status={row.status} label={row.label} />
                  </li>
                ))}
              </ul>
            );
          }}
        </QueryView>
      </Section>

      <Section id="domains" title="Domains and their active goals">
        <QueryView query={domains} what="domains">
          {(page) =>
            page.items.length === 0 ? (
              <p className="empty">
                No domains yet. Create each with <code>domains.upsert</code> (a workplan names its domain, and
                a sync needs it to exist).
              </p>
            ) : (
              <ul className="cards">
                {page.items.map((domain) => (
                  <li key={domain.slug} className="card">
                    <h3>
                      <Link href={href.domain(domain.slug)}>{domain.name}</Link>
                    </h3>
                    <p className="muted">
                      {describeCounts(countsByDomain.get(domain.slug)) || "No workstreams"}
                    </p>
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
      </Section>

      <Section id="blocked" title="Blocked workstreams">
        <QueryView query={summary} what="blocked workstreams">
          {({ blocked }) => {
            if (blocked.total === 0) return <p className="empty">Nothing is blocked.</p>;
            return (
              <>
                <table>
                  <ColumnHeads names={["Workstream", "Domain", "Blocked since"]} />
                  <tbody>
                    {blocked.longestFirst.map((workstream) => (
                      <tr key={workstream.id}>
                        <td>
                          <WorkstreamLink workstream={workstream} />
                        </td>
                        <td>
                          <Link href={href.domain(workstream.domain)}>{workstream.domain}</Link>
                        </td>
                        <td>
                          <Ago iso={workstream.blockedSince} now={now} />{" "}
                          <span className="muted">
                            ({formatDuration(now - Date.parse(workstream.blockedSince))})
                          </span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {blocked.total > blocked.longestFirst.length ? (
                  <p className="muted">
                    The {blocked.longestFirst.length} blocked longest of {blocked.total}; each domain lists
                    all of its blocked workstreams.
                  </p>
                ) : null}
              </>
            );
          }}
        </QueryView>
      </Section>

      <Section id="stale" title="Stale tasks">
        <QueryView query={stale} what="stale tasks">
          {(page) => (
            <FirstRows
              items={page.items}
              empty="No stale tasks: every open task was touched recently."
              row={(task) => (
                <>
                  <Link href={href.workstream(task.workstreamId)}>
                    {task.key}: {task.title}
                  </Link>{" "}
                  <StatusBadge status={task.status} label={TASK_STATUS_LABELS[task.status]} />{" "}
                  <span className="muted">
                    last updated <Ago iso={task.updatedAt} now={now} />
                  </span>
                </>
              )}
              footer={
                summary.data && summary.data.staleTasks > page.items.length ? (
                  <p className="muted">
                    {page.items.length} of {summary.data.staleTasks} stale tasks shown.
                  </p>
                ) : null
              }
            />
          )}
        </QueryView>
      </Section>

      <Section id="decisions" title="Open decisions">
        <QueryView query={openDecisions} what="open decisions">
          {(page) => (
            <FirstRows
              items={page.items}
              empty="No open decisions."
              row={(decision) => (
                <>
                  <Link href={href.decision(decision.id)}>{decision.title}</Link>{" "}
                  <span className="muted">
                    {decision.domain ? `${decision.domain} · ` : ""}opened{" "}
                    <Ago iso={decision.createdAt} now={now} />
                  </span>
                </>
              )}
              footer={
                summary.data && summary.data.openDecisions > page.items.length ? (
                  <p>
                    <Link href={href.decisions({ status: "open" })}>
                      All {summary.data.openDecisions} open decisions
                    </Link>
                  </p>
                ) : null
              }
            />
          )}
        </QueryView>
      </Section>

      <Section id="events" title="Latest events">
        <QueryView query={events} what="events">
          {(page) =>
            page.items.length === 0 ? (
              <p className="empty">No events recorded yet.</p>
            ) : (
              <>
                <EventTable entries={page.items} />
                <p>
                  <Link href={href.events()}>The whole event log</Link>
                </p>
              </>
            )
          }
        </QueryView>
      </Section>
    </>
  );
}

function ActiveGoals({ goals }: { goals: DomainGoal[] | undefined }) {
  if (goals === undefined) return null;
  if (goals.length === 0) return <p className="muted">No active goals.</p>;
  return (
    <ul className="goals" aria-label="Active goals">
      {goals.map((goal) => (
        <li key={goal.id}>{goal.title}</li>
      ))}
    </ul>
  );
}
