import type { WorkstreamStatus } from "@statehub/events";
import { useQuery } from "@tanstack/react-query";
import { describeProblem } from "../api/errors.js";
import { useHub } from "../app/services.js";
import { Ago, StatusBadge, useNow } from "../components/bits.js";
import { FilterSelect } from "../components/filter-select.js";
import { PageHeading } from "../components/page.js";
import { PagedList, usePagedQuery } from "../components/paged-list.js";
import { ProblemMessage } from "../components/problem.js";
import { Section } from "../components/section.js";
import { ColumnHeads } from "../components/table.js";
import { WorkstreamLink } from "../components/workstream-link.js";
import { GOAL_STATUS_LABELS, WORKSTREAM_STATUS_LABELS, WORKSTREAM_STATUSES } from "../labels.js";
import { Link, navigate } from "../routing/router.js";
import { href, parseDomainFilters } from "../routing/routes.js";
import { SYNC_HINT } from "./hints.js";

const PAGE = 50;

export function DomainView({ slug, search }: { slug: string; search: URLSearchParams }) {
  const hub = useHub();
  const summary = useQuery({
    queryKey: ["dashboard.domain", { slug }],
    queryFn: () => hub.dashboard.domain.query({ slug }),
  });
  const domain = summary.data?.domain;
  const unknown = summary.isError && describeProblem(summary.error).kind === "not-found";

  return (
    <>
      <PageHeading title={domain?.name ?? slug}>
        {domain?.name ?? slug} <span className="muted">domain</span>
      </PageHeading>
      {summary.isError && summary.data === undefined ? (
        <ProblemMessage error={summary.error} what="the domain" />
      ) : null}
      {unknown ? (
        <p>
          The hub has no domain <code>{slug}</code>. The <Link href={href.overview()}>overview</Link> lists
          the domains it has.
        </p>
      ) : (
        <>
          {domain?.description ? <p>{domain.description}</p> : null}
          <DomainSections slug={slug} search={search} counts={summary.data?.workstreams} />
        </>
      )}
    </>
  );
}

/** Goals, repos and workstreams: mounted with the summary, so all go out in one request. */
function DomainSections({
  slug,
  search,
  counts,
}: {
  slug: string;
  search: URLSearchParams;
  counts: Record<WorkstreamStatus, number> | undefined;
}) {
  const hub = useHub();
  const now = useNow();
  const filters = parseDomainFilters(search);
  const goals = usePagedQuery(["domainGoals.list", { domain: slug }], (cursor) =>
    hub.domainGoals.list.query({ domain: slug, limit: PAGE, cursor }),
  );
  const repos = usePagedQuery(["repos.list", { domain: slug }], (cursor) =>
    hub.repos.list.query({ domain: slug, limit: PAGE, cursor }),
  );
  const workstreams = usePagedQuery(
    ["workstreams.list", { domain: slug, status: filters.status }],
    (cursor) => hub.workstreams.list.query({ domain: slug, status: filters.status, limit: PAGE, cursor }),
  );

  return (
    <>
      <Section id="goals" title="Goals">
        <PagedList query={goals} what="goals" empty={<p>This domain has no goals yet.</p>}>
          {(items) => (
            <ul className="rows">
              {items.map((goal) => (
                <li key={goal.id}>
                  <StatusBadge status={goal.status} label={GOAL_STATUS_LABELS[goal.status]} /> {goal.title}
                  {goal.description ? <p className="muted">{goal.description}</p> : null}
                </li>
              ))}
            </ul>
          )}
        </PagedList>
      </Section>

      <Section id="repos" title="Repos">
        <PagedList query={repos} what="repos" empty={<p>No repos are registered in this domain.</p>}>
          {(items) => (
            <ul className="rows">
              {items.map((repo) => (
                <li key={repo.id}>
                  <strong>{repo.name}</strong> <span className="muted">({repo.defaultBranch})</span>
                  {repo.url ? (
                    <>
                      {" "}
                      <a href={repo.url} rel="noreferrer noopener" target="_blank">
                        {repo.url}
                      </a>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </PagedList>
      </Section>

      <Section id="workstreams" title="Workstreams">
        <form className="filters" onSubmit={(event) => event.preventDefault()}>
          <FilterSelect
            label="Status"
            name="status"
            value={filters.status}
            allLabel="All statuses"
            options={WORKSTREAM_STATUSES.map((status) => ({
              value: status,
              label: `${WORKSTREAM_STATUS_LABELS[status]}${counts ? ` (${counts[status]})` : ""}`,
            }))}
            onChange={(status) => navigate(href.domain(slug, { status }))}
          />
        </form>
        <PagedList
          query={workstreams}
          what="workstreams"
          empty={
            filters.status ? (
              <p>No {WORKSTREAM_STATUS_LABELS[filters.status].toLowerCase()} workstreams in this domain.</p>
            ) : (
              <>
                <p>No workstreams in this domain yet.</p>
                {SYNC_HINT}
              </>
            )
          }
        >
          {(items) => (
            <table>
              <ColumnHeads names={["Workstream", "Repo", "Status", "Since"]} />
              <tbody>
                {items.map((workstream) => (
                  <tr key={workstream.id}>
                    <td>
                      <WorkstreamLink workstream={workstream} />
                    </td>
                    <td>{workstream.repo ?? <span className="muted">none</span>}</td>
                    <td>
                      <StatusBadge
                        status={workstream.status}
                        label={WORKSTREAM_STATUS_LABELS[workstream.status]}
                      />
                    </td>
                    <td>
                      <Ago iso={workstream.statusChangedAt} now={now} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </PagedList>
      </Section>
    </>
  );
}
