import type { DecisionStatus } from "@statehub/events";
import { useQuery } from "@tanstack/react-query";
import type { Decision } from "../api/types.js";
import { useHub } from "../app/services.js";
import { Ago, StatusBadge, useNow } from "../components/bits.js";
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
        <label>
          Status{" "}
          <select
            name="status"
            value={filters.status ?? ""}
            onChange={(event) =>
              apply({ status: (event.target.value || undefined) as DecisionStatus | undefined })
            }
          >
            <option value="">Open and resolved</option>
            {DECISION_STATUSES.map((status) => (
              <option key={status} value={status}>
                {DECISION_STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Domain{" "}
          <select
            name="domain"
            value={filters.domain ?? ""}
            onChange={(event) => apply({ domain: event.target.value || undefined })}
          >
            <option value="">All domains</option>
            {/* A domain named in the URL stays selectable even before (or without) the list. */}
            {filters.domain && !domains.data?.items.some((domain) => domain.slug === filters.domain) ? (
              <option value={filters.domain}>{filters.domain}</option>
            ) : null}
            {domains.data?.items.map((domain) => (
              <option key={domain.slug} value={domain.slug}>
                {domain.name}
              </option>
            ))}
          </select>
        </label>
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
