import type { Subject } from "@statehub/events";
import { useHub } from "../app/services.js";
import { PageHeading } from "../components/page.js";
import { PagedList, usePagedQuery } from "../components/paged-list.js";
import { SUBJECT_LABELS, SUBJECTS } from "../labels.js";
import { Link, navigate } from "../routing/router.js";
import { type EventFilters, href, parseEventFilters } from "../routing/routes.js";
import { EventTable } from "./event-table.js";

const PAGE = 50;

export function EventsView({ search }: { search: URLSearchParams }) {
  const hub = useHub();
  const filters = parseEventFilters(search);
  const events = usePagedQuery(["events.list", { order: "newest", subject: filters.subject }], (after) =>
    hub.events.list.query({ order: "newest", subject: filters.subject, limit: PAGE, after }),
  );
  const apply = (change: Partial<EventFilters>) => navigate(href.events({ ...filters, ...change }));

  return (
    <>
      <PageHeading title="Events" />
      <p>
        What the hub recorded and publishes on NATS, newest first. Each event shows its delivery:{" "}
        <em>pending</em> until JetStream acknowledges it, then <em>published</em> with its stream sequence.
      </p>
      <form className="filters" aria-label="Filter events" onSubmit={(event) => event.preventDefault()}>
        <label>
          Subject{" "}
          <select
            name="subject"
            value={filters.subject ?? ""}
            onChange={(event) => apply({ subject: (event.target.value || undefined) as Subject | undefined })}
          >
            <option value="">All subjects</option>
            {SUBJECTS.map((subject) => (
              <option key={subject} value={subject}>
                {SUBJECT_LABELS[subject]} ({subject})
              </option>
            ))}
          </select>
        </label>
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
            No events{filters.subject ? ` with subject ${filters.subject}` : ""}. The hub records one when a
            repo is registered, a workstream completes, a decision is resolved, a goal is activated or a task
            goes stale.
          </p>
        }
      >
        {(items) => <EventTable entries={items} />}
      </PagedList>
    </>
  );
}
