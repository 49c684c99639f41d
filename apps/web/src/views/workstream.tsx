import type { TaskStatus } from "@statehub/events";
import { useQuery } from "@tanstack/react-query";
import { describeProblem } from "../api/errors.js";
import type { Workstream } from "../api/types.js";
import { useHub } from "../app/services.js";
import { Ago, StatusBadge, useNow } from "../components/bits.js";
import { PageHeading } from "../components/page.js";
import { PagedList, usePagedQuery } from "../components/paged-list.js";
import { QueryView } from "../components/query-view.js";
import { formatDateTime, formatDuration } from "../format/time.js";
import { TASK_STATUS_LABELS, TASK_STATUSES, WORKSTREAM_STATUS_LABELS } from "../labels.js";
import { Link } from "../routing/router.js";
import { href, type WorkstreamRef } from "../routing/routes.js";

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
      <section aria-labelledby="tasks-heading">
        <h2 id="tasks-heading">Tasks by status</h2>
        {TASK_STATUSES.map((status) => (
          <TaskStatusSection
            key={status}
            workstreamId={workstreamId}
            status={status}
            total={counts.data?.tasks[status]}
          />
        ))}
      </section>

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
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <PagedList
        query={notes}
        what="progress notes"
        empty={<p>No progress notes yet. They are recorded through the API (progress.record).</p>}
      >
        {(items) => (
          <ol className="timeline">
            {items.map((note) => (
              <li key={note.id}>
                <Ago iso={note.createdAt} now={now} />{" "}
                <span className="muted">{note.author ?? "someone"} noted</span>
                <p>{note.message}</p>
              </li>
            ))}
          </ol>
        )}
      </PagedList>
    </section>
  );
}
