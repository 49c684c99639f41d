import { type DbOrTx, domains, repos, workstreams } from "@statehub/db";
import { uuidv7, type WorkstreamStatus } from "@statehub/events";
import { and, asc, eq, gt, type SQL } from "drizzle-orm";
import { ConflictError, NotFoundError } from "../domain/errors.js";
import { assertTransition } from "../domain/transitions.js";
import { type EventRecorder, writeTransaction } from "../outbox/write-transaction.js";
import type { CallOrigin, ServiceDeps } from "./deps.js";
import { iso } from "./dto.js";
import { domainIdOf, repoIdOf } from "./lookups.js";
import { decodeIdCursor, encodeIdCursor, type Page, type PageRequest, pageLimit, toPage } from "./paging.js";

export interface Workstream {
  id: string;
  key: string;
  title: string;
  domain: string;
  /** Name of the workstream's repo, null when it has none. */
  repo: string | null;
  status: WorkstreamStatus;
  /** When the status last changed: "blocked since", "completed at". */
  statusChangedAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface CreateWorkstreamInput {
  /** Omitted: the hub derives one (`ws-` + the id's random tail). */
  key?: string | undefined;
  title: string;
  domain: string;
  repo?: string | undefined;
  status?: WorkstreamStatus | undefined;
}

export interface UpdateWorkstreamInput {
  id: string;
  title?: string | undefined;
  status?: WorkstreamStatus | undefined;
  /** A repo name; null detaches the workstream from its repo. */
  repo?: string | null | undefined;
}

export type WorkstreamRef = { id: string } | { key: string };

export interface ListWorkstreamsInput extends PageRequest {
  domain?: string | undefined;
  repo?: string | undefined;
  status?: WorkstreamStatus | undefined;
}

const columns = { ws: workstreams, domain: domains.slug, repo: repos.name };
type Row = { ws: typeof workstreams.$inferSelect; domain: string; repo: string | null };

const toWorkstream = ({ ws, domain, repo }: Row): Workstream => ({
  id: ws.id,
  key: ws.key,
  title: ws.title,
  domain,
  repo,
  status: ws.status,
  statusChangedAt: iso(ws.statusChangedAt),
  createdAt: iso(ws.createdAt),
  updatedAt: iso(ws.updatedAt),
});

function selectWorkstreams(db: DbOrTx) {
  return db
    .select(columns)
    .from(workstreams)
    .innerJoin(domains, eq(domains.id, workstreams.domainId))
    .leftJoin(repos, eq(repos.id, workstreams.repoId));
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
        const status = input.status ?? INITIAL_STATUS;
        if (status !== INITIAL_STATUS) assertTransition("workstream", INITIAL_STATUS, status);
        const domainId = await domainIdOf(tx, input.domain);
        const repoId = input.repo === undefined ? null : await repoIdOf(tx, input.repo);
        const id = uuidv7();
        const key = input.key ?? `ws-${id.slice(-12)}`;
        const now = deps.clock.now();
        const [inserted] = await tx
          .insert(workstreams)
          .values({
            id,
            key,
            title: input.title,
            domainId,
            repoId,
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
      });
    },

    /**
     * Changes title, repo and/or status. A status change must be an allowed transition; a
     * transition into completed publishes `workstream.completed` in the same transaction.
     * A call that changes nothing is idempotent: the workstream is returned as it is.
     */
    async update(input: UpdateWorkstreamInput, origin: CallOrigin): Promise<Workstream> {
      return writeTransaction(deps, origin, async (tx, events) => {
        // Lock the row: concurrent completions serialise, so only one of them publishes.
        const [locked] = await tx
          .select({ status: workstreams.status })
          .from(workstreams)
          .where(eq(workstreams.id, input.id))
          .for("update");
        if (!locked) throw new NotFoundError("workstream", input.id);
        const current = await findWorkstream(tx, { id: input.id });

        const changes: Partial<typeof workstreams.$inferInsert> = {};
        if (input.title !== undefined && input.title !== current.title) changes.title = input.title;
        if (input.repo !== undefined && input.repo !== current.repo) {
          changes.repoId = input.repo === null ? null : await repoIdOf(tx, input.repo);
        }
        const statusChanges = input.status !== undefined && input.status !== current.status;
        if (statusChanges && input.status !== undefined) {
          assertTransition("workstream", current.status, input.status);
          changes.status = input.status;
        }
        if (Object.keys(changes).length === 0) return current;

        const now = deps.clock.now();
        await tx
          .update(workstreams)
          .set({
            ...changes,
            ...(changes.status === undefined ? {} : { statusChangedAt: now }),
            updatedAt: now,
          })
          .where(eq(workstreams.id, input.id));
        const updated = await findWorkstream(tx, { id: input.id });
        if (changes.status === "completed" && current.status !== "completed") {
          await recordCompletion(events, updated, current.status, now);
        }
        return updated;
      });
    },

    get(ref: WorkstreamRef): Promise<Workstream> {
      return findWorkstream(deps.db, ref);
    },

    async list(input: ListWorkstreamsInput = {}): Promise<Page<Workstream>> {
      const limit = pageLimit(input.limit);
      const conditions: SQL[] = [];
      if (input.cursor !== undefined) conditions.push(gt(workstreams.id, decodeIdCursor(input.cursor)));
      if (input.domain !== undefined) {
        conditions.push(eq(workstreams.domainId, await domainIdOf(deps.db, input.domain)));
      }
      if (input.repo !== undefined)
        conditions.push(eq(workstreams.repoId, await repoIdOf(deps.db, input.repo)));
      if (input.status !== undefined) conditions.push(eq(workstreams.status, input.status));
      const rows = await selectWorkstreams(deps.db)
        .where(and(...conditions))
        .orderBy(asc(workstreams.id))
        .limit(limit + 1);
      return toPage(rows, limit, toWorkstream, (row) => encodeIdCursor(row.ws.id));
    },
  };
}

export type WorkstreamService = ReturnType<typeof createWorkstreamService>;
