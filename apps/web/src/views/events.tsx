import { type FormEvent, useId } from "react";
import { useHub } from "../app/services.js";
import { FilterSelect } from "../components/filter-select.js";
import { PageHeading } from "../components/page.js";
import { PagedList, usePagedQuery } from "../components/paged-list.js";
import { SUBJECT_LABELS, SUBJECTS } from "../labels.js";
import { Link, navigate } from "../routing/router.js";
import { type EventFilters, href, parseEventFilters } from "../routing/routes.js";
import { EventTable } from "./event-table.js";
import { RelayHealth } from "./relay-health.js";

const PAGE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function EventsView({ search }: { search: URLSearchParams }) {
  const hub = useHub();
  const filters = parseEventFilters(search);
  const entityInput = useId();
  const query = { order: "newest" as const, subject: filters.subject, entity: filters.entity };
  const events = usePagedQuery(["events.list", query], (after) =>
    hub.events.list.query({ ...query, limit: PAGE, after }),
  );
  const apply = (change: Partial<EventFilters>) => navigate(href.events({ ...filters, ...change }));

  function applyEntity(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get("entity");
    const entity = typeof value === "string" ? value.trim().toLowerCase() : "";
    apply({ entity: UUID.test(entity) ? entity : undefined });
  }

  return (
    <>
      <PageHeading title="Events" />
      <p>
        What the hub recorded and publishes on NATS, newest first. Each event shows its delivery:{" "}
        <em>pending</em> until JetStream acknowledges it, <em>published</em> with its stream sequence, or{" "}
        <em>parked</em> with the reason NATS refused it for good.
      </p>
      <RelayHealth />
      <h2>Event log</h2>
      <form className="filters" aria-label="Filter events" onSubmit={applyEntity}>
        <FilterSelect
          label="Subject"
          name="subject"
          value={filters.subject}
          allLabel="All subjects"
          options={SUBJECTS.map((subject) => ({
            value: subject,
            label: `${SUBJECT_LABELS[subject]} (${subject})`,
          }))}
          onChange={(subject) => apply({ subject })}
        />
        <label htmlFor={entityInput}>Entity id</label>
        <input
          id={entityInput}
          name="entity"
          key={filters.entity ?? ""}
          defaultValue={filters.entity ?? ""}
          placeholder="UUID of a repo, workstream, task, decision or goal"
          pattern="\s*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\s*"
          title="the UUID of a repo, workstream, task, decision or goal"
          size={40}
        />
        <button type="submit">Filter</button>
        {filters.subject || filters.entity ? (
          <Link href={href.events()} className="clear">
            Clear filters
          </Link>
        ) : null}
      </form>
      <PagedList
        query={events}
        what="events"
        empty={
          <p>
            No events{filters.subject ? ` with subject ${filters.subject}` : ""}
            {filters.entity ? ` about ${filters.entity}` : ""}. The hub records one when a repo is registered,
            a workstream completes, a decision is resolved, a goal is activated or a task goes stale.
          </p>
        }
      >
        {(items) => <EventTable entries={items} />}
      </PagedList>
    </>
  );
}
