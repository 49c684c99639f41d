import type { Subject } from "@statehub/events";
import type { EventEntry } from "../api/types.js";
import { useHub } from "../app/services.js";
import { Ago, useNow } from "../components/bits.js";
import { PageHeading } from "../components/page.js";
import { PagedList, usePagedQuery } from "../components/paged-list.js";
import { formatDateTime } from "../format/time.js";
import { SUBJECT_LABELS, SUBJECTS } from "../labels.js";
import { Link, navigate } from "../routing/router.js";
import { type EventFilters, href, parseEventFilters } from "../routing/routes.js";
import { deliveryOf, entityLinkOf } from "./event-model.js";

const PAGE = 50;

export function EventsView({ search }: { search: URLSearchParams }) {
  const hub = useHub();
  const filters = parseEventFilters(search);
  const events = usePagedQuery(["events.list", { subject: filters.subject }], (after) =>
    hub.events.list.query({ subject: filters.subject, limit: PAGE, after }),
  );
  const apply = (change: Partial<EventFilters>) => navigate(href.events({ ...filters, ...change }));

  return (
    <>
      <PageHeading title="Events" />
      <p>
        What the hub recorded and published on NATS, oldest first (newer events appear at the end). Each event
        shows its delivery: <em>pending</em> until JetStream acknowledges it, then <em>published</em> with its
        stream sequence.
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

function EventTable({ entries }: { entries: EventEntry[] }) {
  const now = useNow();
  return (
    <table className="events">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Subject</th>
          <th scope="col">About</th>
          <th scope="col">Delivery</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const { envelope } = entry;
          const entity = entityLinkOf(envelope);
          const delivery = deliveryOf(entry);
          return (
            <tr key={envelope.id} data-event-id={envelope.id}>
              <td>
                <Ago iso={envelope.time} now={now} />
              </td>
              <td>
                <Link href={href.events({ subject: envelope.type })} title={envelope.type}>
                  {SUBJECT_LABELS[envelope.type] ?? envelope.type}
                </Link>
              </td>
              <td>
                <Link href={entity.href}>{entity.label}</Link>
                {envelope.actor ? <span className="muted"> by {envelope.actor}</span> : null}
              </td>
              <td className={`delivery delivery-${delivery.state}`}>
                {delivery.state === "published" ? (
                  <span title={`published ${formatDateTime(delivery.publishedAt)}`}>
                    Published
                    {delivery.streamSequence === null ? null : (
                      <span className="muted"> #{delivery.streamSequence}</span>
                    )}
                  </span>
                ) : (
                  <span>Pending</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
