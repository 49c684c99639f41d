import { useQuery } from "@tanstack/react-query";
import type { Decision } from "../api/types.js";
import { useHub } from "../app/services.js";
import { Ago, StatusBadge, useNow } from "../components/bits.js";
import { FilterSelect } from "../components/filter-select.js";
import { PageHeading } from "../components/page.js";
import { PagedList, usePagedQuery } from "../components/paged-list.js";
import { DECISION_STATUS_LABELS, DECISION_STATUSES } from "../labels.js";
import { Link, navigate } from "../routing/router.js";
import { type DecisionFilters, href, parseDecisionFilters } from "../routing/routes.js";

const PAGE = 50;

export function DecisionsView({ search }: { search: URLSearchParams }) {
  const hub = useHub();
  const filters = parseDecisionFilters(search);
  const decisions = usePagedQuery(["decisions.list", filters], (cursor) =>
    hub.decisions.list.query({ ...filters, limit: PAGE, cursor }),
  );
  const domains = useQuery({
    queryKey: ["domains.list", { limit: 500 }],
    queryFn: () => hub.domains.list.query({ limit: 500 }),
  });
  const apply = (change: Partial<DecisionFilters>) => navigate(href.decisions({ ...filters, ...change }));

  return (
    <>
      <PageHeading title="Decisions" />
      <form className="filters" aria-label="Filter decisions" onSubmit={(event) => event.preventDefault()}>
        <FilterSelect
          label="Status"
          name="status"
          value={filters.status}
          allLabel="Open and resolved"
          options={DECISION_STATUSES.map((status) => ({
            value: status,
            label: DECISION_STATUS_LABELS[status],
          }))}
          onChange={(status) => apply({ status })}
        />
        <FilterSelect
          label="Domain"
          name="domain"
          value={filters.domain}
          allLabel="All domains"
          options={domainOptions(filters.domain, domains.data?.items ?? [])}
          onChange={(domain) => apply({ domain })}
        />
      </form>
      <PagedList
        query={decisions}
        what="decisions"
        empty={
          <p>
            No {filters.status ? DECISION_STATUS_LABELS[filters.status].toLowerCase() : ""} decisions
            {filters.domain ? ` in ${filters.domain}` : ""}. Decisions are recorded through the API
            (decisions.create, decisions.resolve).
          </p>
        }
      >
        {(items) => (
          <ul className="decisions">
            {items.map((decision) => (
              <li key={decision.id}>
                <DecisionSummary decision={decision} />
              </li>
            ))}
          </ul>
        )}
      </PagedList>
    </>
  );
}

/** The domains to filter by; one named in the URL stays selectable before (or without) the list. */
function domainOptions(chosen: string | undefined, domains: readonly { slug: string; name: string }[]) {
  const options = domains.map((domain) => ({ value: domain.slug, label: domain.name }));
  if (chosen && !domains.some((domain) => domain.slug === chosen))
    options.unshift({ value: chosen, label: chosen });
  return options;
}

export function DecisionSummary({
  decision,
  heading = "h2",
}: {
  decision: Decision;
  heading?: "h2" | "none";
}) {
  const now = useNow();
  const title =
    heading === "h2" ? (
      <h2>
        <Link href={href.decision(decision.id)}>{decision.title}</Link>
      </h2>
    ) : null;
  return (
    <article className="decision">
      {title}
      <p className="meta">
        <StatusBadge status={decision.status} label={DECISION_STATUS_LABELS[decision.status]} />{" "}
        {decision.domain ? (
          <>
            <Link href={href.domain(decision.domain)}>{decision.domain}</Link> ·{" "}
          </>
        ) : null}
        opened <Ago iso={decision.createdAt} now={now} />
      </p>
      {decision.context ? <p className="context">{decision.context}</p> : null}
      {decision.status === "resolved" ? (
        <div className="resolution">
          <p>
            <strong>Resolution:</strong> {decision.resolution}
          </p>
          <p className="muted">
            Resolved by {decision.resolvedBy ?? "an unnamed caller"}
            {decision.resolvedAt ? (
              <>
                {" "}
                <Ago iso={decision.resolvedAt} now={now} />
              </>
            ) : null}
          </p>
        </div>
      ) : null}
    </article>
  );
}
