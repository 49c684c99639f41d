import { type DbOrTx, domains, repos, type Tx, workstreamSources, workstreams } from "@statehub/db";
import { uuidv7, type WorkstreamStatus } from "@statehub/events";
import { eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Clock } from "../clock.js";
import { ConflictError, NotFoundError } from "../domain/errors.js";
import { assertTransition } from "../domain/transitions.js";
import { type EventRecorder, writeTransaction } from "../outbox/write-transaction.js";
import type {
  CreateWorkstreamInput,
  ListWorkstreamsInput,
  UpdateWorkstreamInput,
  Workstream,
  WorkstreamRef,
  WorkstreamSource,
} from "../schemas/workstreams.js";
import type { CallOrigin, ServiceDeps } from "./deps.js";
import { iso } from "./dto.js";
import { lockForTransition } from "./lock-and-transition.js";
import { domainIdOf, repoIdOf } from "./lookups.js";
import { idKeyset, keysetList, type Page } from "./paging.js";

const sourceRepos = alias(repos, "source_repos");
const columns = {
  ws: workstreams,
  domain: domains.slug,
  repo: repos.name,
  source: workstreamSources,
  sourceRepo: sourceRepos.name,
};
type Row = {
  ws: typeof workstreams.$inferSelect;
  domain: string;
  repo: string | null;
  source: typeof workstreamSources.$inferSelect | null;
  sourceRepo: string | null;
};

const toSource = (source: Row["source"], repo: string | null): WorkstreamSource | null =>
  source === null || repo === null
    ? null
    : {
        repo,
        path: source.path,
        commit: source.commit,
        contentHash: source.contentHash,
        syncedAt: iso(source.syncedAt),
      };

const toWorkstream = ({ ws, domain, repo, source, sourceRepo }: Row): Workstream => ({
  id: ws.id,
  key: ws.key,
  title: ws.title,
  domain,
  repo,
  status: ws.status,
  statusChangedAt: iso(ws.statusChangedAt),
  source: toSource(source, sourceRepo),
  createdAt: iso(ws.createdAt),
  updatedAt: iso(ws.updatedAt),
});

function selectWorkstreams(db: DbOrTx) {
  return db
    .select(columns)
    .from(workstreams)
    .innerJoin(domains, eq(domains.id, workstreams.domainId))
    .leftJoin(repos, eq(repos.id, workstreams.repoId))
    .leftJoin(workstreamSources, eq(workstreamSources.workstreamId, workstreams.id))
    .leftJoin(sourceRepos, eq(sourceRepos.id, workstreamSources.repoId));
}

async function findWorkstream(db: DbOrTx, ref: WorkstreamRef): Promise<Workstream> {
  const where = "id" in ref ? eq(workstreams.id, ref.id) : eq(workstreams.key, ref.key);
  const [row] = await selectWorkstreams(db).where(where);
  if (!row) throw new NotFoundError("workstream", "id" in ref ? ref.id : ref.key);
  return toWorkstream(row);
}

/** The status every workstream starts in; creating one in another status is the move from it. */
const INITIAL_STATUS = "planned" satisfies WorkstreamStatus;

/** Records `workstream.completed` for a workstream that has just moved into completed. */
function recordCompletion(
  events: EventRecorder,
  workstream: Workstream,
  previousStatus: Exclude<WorkstreamStatus, "completed">,
  at: Date,
) {
  return events.record(
    "org.statehub.workstream.completed",
    {
      workstreamId: workstream.id,
      key: workstream.key,
      title: workstream.title,
      domain: workstream.domain,
      repo: workstream.repo,
      previousStatus,
    },
    at,
  );
}

/** What a change of a workstream may set; the key and domain only through workplans.sync. */
interface WorkstreamChanges {
  title?: string | undefined;
  status?: WorkstreamStatus | undefined;
  repoId?: string | null | undefined;
  key?: string | undefined;
  domainId?: string | undefined;
}

/**
 * Changes a workstream inside the caller's transaction: locks its row (concurrent completions
 * serialise, so only one of them publishes), checks a status change against the transition
 * rules, and records `workstream.completed` for a transition into completed. Fields equal to
 * the current ones are no change; no change at all writes nothing.
 */
export async function changeWorkstream(
  tx: Tx,
  events: EventRecorder,
  clock: Clock,
  id: string,
  input: WorkstreamChanges,
): Promise<{ workstream: Workstream; changed: boolean }> {
  // The row lock serialises concurrent completions, so only one of them publishes.
  const { row, moves } = await lockForTransition(tx, "workstream", id, input.status);

  const changes: Partial<typeof workstreams.$inferInsert> = {};
  if (input.title !== undefined && input.title !== row.title) changes.title = input.title;
  if (input.key !== undefined && input.key !== row.key) changes.key = input.key;
  if (input.domainId !== undefined && input.domainId !== row.domainId) changes.domainId = input.domainId;
  if (input.repoId !== undefined && input.repoId !== row.repoId) changes.repoId = input.repoId;
  if (moves) changes.status = input.status;
  if (Object.keys(changes).length === 0)
    return { workstream: await findWorkstream(tx, { id }), changed: false };

  const now = clock.now();
  await tx
    .update(workstreams)
    .set({ ...changes, ...(changes.status === undefined ? {} : { statusChangedAt: now }), updatedAt: now })
    .where(eq(workstreams.id, id));
  const updated = await findWorkstream(tx, { id });
  if (changes.status === "completed" && row.status !== "completed") {
    await recordCompletion(events, updated, row.status, now);
  }
  return { workstream: updated, changed: true };
}

/** What a new workstream is made of, its domain and repo already resolved to ids. */
interface NewWorkstream {
  key?: string | undefined;
  title: string;
  domainId: string;
  repoId: string | null;
  status?: WorkstreamStatus | undefined;
}

/**
 * Creates a workstream inside the caller's transaction (see `create`): `planned` unless a
 * status is given; created in another status it has made the move from planned, so created
 * as completed it records `workstream.completed`. A taken key is a ConflictError.
 */
export async function insertWorkstream(
  tx: Tx,
  events: EventRecorder,
  clock: Clock,
  input: NewWorkstream,
): Promise<Workstream> {
  const status = input.status ?? INITIAL_STATUS;
  if (status !== INITIAL_STATUS) assertTransition("workstream", INITIAL_STATUS, status);
  const id = uuidv7();
  const key = input.key ?? `ws-${id.slice(-12)}`;
  const now = clock.now();
  const [inserted] = await tx
    .insert(workstreams)
    .values({
      id,
      key,
      title: input.title,
      domainId: input.domainId,
      repoId: input.repoId,
      status,
      statusChangedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: workstreams.key })
    .returning({ id: workstreams.id });
  if (!inserted) throw new ConflictError(`workstream key ${key} already exists`);
  const created = await findWorkstream(tx, { id });
  if (status === "completed") await recordCompletion(events, created, INITIAL_STATUS, now);
  return created;
}

export function createWorkstreamService(deps: ServiceDeps) {
  return {
    /**
     * Creates a workstream, `planned` unless a status is given. Created in another status, it
     * has made the move from planned to that status, as if updated right after: created as
     * completed (e.g. synced from a workplan that is already done), it publishes
     * `workstream.completed` with previousStatus `planned`, so that no completion goes unheard.
     */
    async create(input: CreateWorkstreamInput, origin: CallOrigin): Promise<Workstream> {
      return writeTransaction(deps, origin, async (tx, events) => {
        const domainId = await domainIdOf(tx, input.domain);
        const repoId = input.repo === undefined ? null : await repoIdOf(tx, input.repo);
        return insertWorkstream(tx, events, deps.clock, { ...input, domainId, repoId });
      });
    },

    /**
     * Changes title, repo and/or status. A status change must be an allowed transition; a
     * transition into completed publishes `workstream.completed` in the same transaction.
     * A call that changes nothing is idempotent: the workstream is returned as it is.
     */
    async update(input: UpdateWorkstreamInput, origin: CallOrigin): Promise<Workstream> {
      return writeTransaction(deps, origin, async (tx, events) => {
        const { repo, ...rest } = input;
        const changes: WorkstreamChanges = { ...rest };
        if (repo !== undefined) changes.repoId = repo === null ? null : await repoIdOf(tx, repo);
        const { workstream } = await changeWorkstream(tx, events, deps.clock, input.id, changes);
        return workstream;
      });
    },

    get(ref: WorkstreamRef): Promise<Workstream> {
      return findWorkstream(deps.db, ref);
    },

    list(input: ListWorkstreamsInput = {}): Promise<Page<Workstream>> {
      return keysetList({
        request: input,
        keyset: idKeyset(workstreams.id, (row: Row) => row.ws.id),
        filters: async () => [
          input.domain === undefined
            ? undefined
            : eq(workstreams.domainId, await domainIdOf(deps.db, input.domain)),
          input.repo === undefined ? undefined : eq(workstreams.repoId, await repoIdOf(deps.db, input.repo)),
          input.status === undefined ? undefined : eq(workstreams.status, input.status),
        ],
        fetch: (where, orderBy, limit) =>
          selectWorkstreams(deps.db).where(where).orderBy(orderBy).limit(limit),
        toItem: toWorkstream,
      });
    },
  };
}
