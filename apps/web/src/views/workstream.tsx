import type { TaskStatus } from "@statehub/events";
import { useQuery } from "@tanstack/react-query";
import { describeProblem } from "../api/errors.js";
import type { EventEntry, ProgressNote, Workstream } from "../api/types.js";
import { useHub } from "../app/services.js";
import { Ago, StatusBadge, useNow } from "../components/bits.js";
import { PageHeading } from "../components/page.js";
import { PagedList, usePagedQuery } from "../components/paged-list.js";
import { ProblemMessage } from "../components/problem.js";
import { Loading, QueryView } from "../components/query-view.js";
import { Section } from "../components/section.js";
import { formatDateTime, formatDuration } from "../format/time.js";
import { SUBJECT_LABELS, TASK_STATUS_LABELS, TASK_STATUSES, WORKSTREAM_STATUS_LABELS } from "../labels.js";
import { Link } from "../routing/router.js";
import { href, type WorkstreamRef } from "../routing/routes.js";
import { describeDelivery } from "./event-model.js";
import { mergeTimeline } from "./timeline.js";

const TASK_PAGE = 25;
const NOTE_PAGE = 50;

export function WorkstreamView({ workstream: ref }: { workstream: WorkstreamRef }) {
  const hub = useHub();
  const workstream = useQuery({
    queryKey: ["workstreams.get", ref],
    queryFn: () => hub.workstreams.get.query(ref),
  });
  const title = workstream.data ? `${workstream.data.key}: ${workstream.data.title}` : "Workstream";
  // Linked by id (as the dashboard's own links are), tasks and history load with the workstream
  // in one request; by key, they wait for its id.
  const id = "id" in ref ? ref.id : workstream.data?.id;
  const missing = workstream.isError && describeProblem(workstream.error).kind === "not-found";
  return (
    <>
      <PageHeading title={title} />
      <QueryView query={workstream} what="the workstream">
        {(data) => <WorkstreamFacts workstream={data} />}
      </QueryView>
      {id === undefined || missing ? null : <WorkstreamSections workstreamId={id} />}
    </>
  );
}

function WorkstreamFacts({ workstream }: { workstream: Workstream }) {
  const now = useNow();
  return (
    <dl className="facts">
      <dt>Status</dt>
      <dd>
        <StatusBadge status={workstream.status} label={WORKSTREAM_STATUS_LABELS[workstream.status]} /> since{" "}
        <time dateTime={workstream.statusChangedAt}>{formatDateTime(workstream.statusChangedAt)}</time>{" "}
        <span className="muted">({formatDuration(now - Date.parse(workstream.statusChangedAt))})</span>
      </dd>
      <dt>Domain</dt>
      <dd>
        <Link href={href.domain(workstream.domain)}>{workstream.domain}</Link>
      </dd>
      <dt>Repo</dt>
      <dd>{workstream.repo ?? <span className="muted">none</span>}</dd>
      <dt>Source</dt>
      <dd>
        {workstream.source ? (
          <>
            <code>{workstream.source.path}</code> in {workstream.source.repo}
            {workstream.source.commit ? (
              <>
                {" "}
                at <code title={workstream.source.commit}>{workstream.source.commit.slice(0, 12)}</code>
              </>
            ) : null}
            , synced <Ago iso={workstream.source.syncedAt} now={now} />
          </>
        ) : (
          <span className="muted">not from a workplan (created through the API)</span>
        )}
      </dd>
      <dt>Created</dt>
      <dd>
        <Ago iso={workstream.createdAt} now={now} />
      </dd>
      <dt>Last updated</dt>
      <dd>
        <Ago iso={workstream.updatedAt} now={now} />
      </dd>
    </dl>
  );
}

function WorkstreamSections({ workstreamId }: { workstreamId: string }) {
  const hub = useHub();
  const counts = useQuery({
    queryKey: ["dashboard.workstream", { id: workstreamId }],
    queryFn: () => hub.dashboard.workstream.query({ id: workstreamId }),
  });
  return (
    <>
      <Section id="tasks" title="Tasks by status">
        {TASK_STATUSES.map((status) => (
          <TaskStatusSection
            key={status}
            workstreamId={workstreamId}
            status={status}
            total={counts.data?.tasks[status]}
          />
        ))}
      </Section>

      <History workstreamId={workstreamId} />
    </>
  );
}

function TaskStatusSection({
  workstreamId,
  status,
  total,
}: {
  workstreamId: string;
  status: TaskStatus;
  /** How many tasks have this status (counted by the hub); only the first page is loaded. */
  total: number | undefined;
}) {
  const hub = useHub();
  const now = useNow();
  const tasks = usePagedQuery(["tasks.list", { workstreamId, status }], (cursor) =>
    hub.tasks.list.query({ workstreamId, status, limit: TASK_PAGE, cursor }),
  );
  const headingId = `tasks-${status}`;
  return (
    <section aria-labelledby={headingId} className="task-group">
      <h3 id={headingId}>
        <StatusBadge status={status} label={TASK_STATUS_LABELS[status]} />{" "}
        {total === undefined ? null : <span className="count">{total}</span>}
      </h3>
      <PagedList
        query={tasks}
        what={`${TASK_STATUS_LABELS[status].toLowerCase()} tasks`}
        empty={<p className="muted">None.</p>}
      >
        {(items) => (
          <ul className="rows">
            {items.map((task) => (
              <li key={task.id}>
                <span className="key">{task.key}</span> {task.title}{" "}
                {task.staleFlaggedAt ? (
                  <span
                    className="badge status-stale"
                    title={`flagged ${formatDateTime(task.staleFlaggedAt)}`}
                  >
                    Stale
                  </span>
                ) : null}{" "}
                <span className="muted">
                  updated <Ago iso={task.updatedAt} now={now} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </PagedList>
    </section>
  );
}

function History({ workstreamId }: { workstreamId: string }) {
  const hub = useHub();
  const now = useNow();
  const notes = usePagedQuery(
    ["progress.list", { entityType: "workstream", entityId: workstreamId }],
    (cursor) =>
      hub.progress.list.query({ entityType: "workstream", entityId: workstreamId, limit: NOTE_PAGE, cursor }),
  );
  const events = usePagedQuery(["events.list", { entity: workstreamId }], (after) =>
    hub.events.list.query({ entity: workstreamId, limit: NOTE_PAGE, after }),
  );

  const failed = [notes, events].find((query) => query.isError);
  if (notes.data === undefined || events.data === undefined) {
    return (
      <Section id="history" title="History">
        {failed ? <ProblemMessage error={failed.error} what="the history" /> : <Loading what="the history" />}
      </Section>
    );
  }
  const timeline = mergeTimeline(
    { items: notes.data.pages.flatMap((page) => page.items), complete: !notes.hasNextPage },
    { items: events.data.pages.flatMap((page) => page.items), complete: !events.hasNextPage },
    { first: (note) => note.createdAt, second: (entry) => entry.envelope.time },
  );
  const next = timeline.loadNext === "first" ? notes : timeline.loadNext === "second" ? events : undefined;
  return (
    <Section id="history" title="History">
      {failed ? <ProblemMessage error={failed.error} what="the history" stale /> : null}
      {timeline.entries.length === 0 && next === undefined ? (
        <p className="empty">
          No history yet: progress notes (recorded with progress.record) and the events about this workstream
          appear here.
        </p>
      ) : (
        <ol className="timeline">
          {timeline.entries.map((entry) =>
            entry.from === "first" ? (
              <NoteEntry key={`note-${entry.item.id}`} note={entry.item} now={now} />
            ) : (
              <EventEntryLine key={`event-${entry.item.envelope.id}`} entry={entry.item} now={now} />
            ),
          )}
        </ol>
      )}
      {next ? (
        <button
          type="button"
          className="more"
          disabled={next.isFetchingNextPage}
          onClick={() => void next.fetchNextPage()}
        >
          {next.isFetchingNextPage ? "Loading more…" : "Show more history"}
        </button>
      ) : null}
    </Section>
  );
}

function NoteEntry({ note, now }: { note: ProgressNote; now: number }) {
  return (
    <li>
      <Ago iso={note.createdAt} now={now} /> <span className="muted">{note.author ?? "someone"} noted</span>
      <p>{note.message}</p>
    </li>
  );
}

function EventEntryLine({ entry, now }: { entry: EventEntry; now: number }) {
  const delivery = describeDelivery(entry);
  return (
    <li>
      <Ago iso={entry.envelope.time} now={now} /> <span className="muted">event</span>{" "}
      <Link href={href.events({ entity: entry.envelope.subject })}>
        {SUBJECT_LABELS[entry.envelope.type] ?? entry.envelope.type}
      </Link>{" "}
      <span className={`delivery-${delivery.state}`}>({delivery.label.toLowerCase()})</span>
    </li>
  );
}
