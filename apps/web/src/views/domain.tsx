import type { WorkstreamStatus } from "@statehub/events";
import { useQuery } from "@tanstack/react-query";
import type { Domain } from "../api/types.js";
import { useHub } from "../app/services.js";
import { Ago, StatusBadge, useNow } from "../components/bits.js";
import { PageHeading } from "../components/page.js";
import { PagedList, usePagedQuery } from "../components/paged-list.js";
import { GOAL_STATUS_LABELS, WORKSTREAM_STATUS_LABELS, WORKSTREAM_STATUSES } from "../labels.js";
import { Link, navigate } from "../routing/router.js";
import { href, parseDomainFilters } from "../routing/routes.js";
import { SYNC_HINT } from "./hints.js";

const PAGE = 50;

/** The domain's name: domains are few, so the first page of the list nearly always has it. */
function useDomain(slug: string): Domain | undefined {
  const hub = useHub();
  const domains = useQuery({
    queryKey: ["domains.list", { limit: 500 }],
    queryFn: () => hub.domains.list.query({ limit: 500 }),
  });
  return domains.data?.items.find((domain) => domain.slug === slug);
}

export function DomainView({ slug, search }: { slug: string; search: URLSearchParams }) {
  const hub = useHub();
  const now = useNow();
  const filters = parseDomainFilters(search);
  const domain = useDomain(slug);

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
      <PageHeading title={domain?.name ?? slug}>
        {domain?.name ?? slug} <span className="muted">domain</span>
      </PageHeading>
      {domain?.description ? <p>{domain.description}</p> : null}

      <section aria-labelledby="goals-heading">
        <h2 id="goals-heading">Goals</h2>
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
      </section>

      <section aria-labelledby="repos-heading">
        <h2 id="repos-heading">Repos</h2>
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
      </section>

      <section aria-labelledby="workstreams-heading">
        <h2 id="workstreams-heading">Workstreams</h2>
        <form className="filters" onSubmit={(event) => event.preventDefault()}>
          <label>
            Status{" "}
            <select
              name="status"
              value={filters.status ?? ""}
              onChange={(event) =>
                navigate(
                  href.domain(slug, {
                    status: (event.target.value || undefined) as WorkstreamStatus | undefined,
                  }),
                )
              }
            >
              <option value="">All statuses</option>
              {WORKSTREAM_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {WORKSTREAM_STATUS_LABELS[status]}
                </option>
              ))}
            </select>
          </label>
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
              <thead>
                <tr>
                  <th scope="col">Workstream</th>
                  <th scope="col">Repo</th>
                  <th scope="col">Status</th>
                  <th scope="col">Since</th>
                </tr>
              </thead>
              <tbody>
                {items.map((workstream) => (
                  <tr key={workstream.id}>
                    <td>
                      <Link href={href.workstream(workstream.id)}>
                        {workstream.key}: {workstream.title}
                      </Link>
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
      </section>
    </>
  );
}
