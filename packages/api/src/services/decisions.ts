import { type DbOrTx, decisions, domains } from "@statehub/db";
import { type DecisionStatus, uuidv7 } from "@statehub/events";
import { and, asc, eq, gt, type SQL } from "drizzle-orm";
import { NotFoundError } from "../domain/errors.js";
import { assertTransition } from "../domain/transitions.js";
import { writeTransaction } from "../outbox/write-transaction.js";
import type { CallOrigin, ServiceDeps } from "./deps.js";
import { iso, isoOrNull } from "./dto.js";
import { domainIdOf } from "./lookups.js";
import { decodeIdCursor, encodeIdCursor, type Page, type PageRequest, pageLimit, toPage } from "./paging.js";

export interface Decision {
  id: string;
  title: string;
  context: string | null;
  domain: string | null;
  status: DecisionStatus;
  resolution: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CreateDecisionInput {
  title: string;
  context?: string | undefined;
  domain?: string | undefined;
}

export interface ResolveDecisionInput {
  id: string;
  resolution: string;
  /** Omitted: the caller's token name, when the call is authenticated. */
  resolvedBy?: string | undefined;
}

export interface ListDecisionsInput extends PageRequest {
  status?: DecisionStatus | undefined;
  domain?: string | undefined;
}

const columns = { decision: decisions, domain: domains.slug };
type Row = { decision: typeof decisions.$inferSelect; domain: string | null };

const toDecision = ({ decision, domain }: Row): Decision => ({
  id: decision.id,
  title: decision.title,
  context: decision.context,
  domain,
  status: decision.status,
  resolution: decision.resolution,
  resolvedBy: decision.resolvedBy,
  resolvedAt: isoOrNull(decision.resolvedAt),
  createdAt: iso(decision.createdAt),
  updatedAt: iso(decision.updatedAt),
});

function selectDecisions(db: DbOrTx) {
  return db.select(columns).from(decisions).leftJoin(domains, eq(domains.id, decisions.domainId));
}

async function findDecision(db: DbOrTx, id: string): Promise<Decision> {
  const [row] = await selectDecisions(db).where(eq(decisions.id, id));
  if (!row) throw new NotFoundError("decision", id);
  return toDecision(row);
}

export function createDecisionService(deps: ServiceDeps) {
  return {
    async create(input: CreateDecisionInput, origin: CallOrigin): Promise<Decision> {
      return writeTransaction(deps, origin, async (tx) => {
        const domainId = input.domain === undefined ? null : await domainIdOf(tx, input.domain);
        const id = uuidv7();
        const now = deps.clock.now();
        await tx.insert(decisions).values({
          id,
          title: input.title,
          context: input.context ?? null,
          domainId,
          createdAt: now,
          updatedAt: now,
        });
        return findDecision(tx, id);
      });
    },

    /**
     * open → resolved, publishing `decision.resolved` in the same transaction. Resolving a
     * resolved decision returns it unchanged (whatever resolution is given) and publishes
     * nothing. The row lock makes two concurrent resolutions produce one transition.
     */
    async resolve(input: ResolveDecisionInput, origin: CallOrigin): Promise<Decision> {
      return writeTransaction(deps, origin, async (tx, events) => {
        const [locked] = await tx
          .select({ status: decisions.status })
          .from(decisions)
          .where(eq(decisions.id, input.id))
          .for("update");
        if (!locked) throw new NotFoundError("decision", input.id);
        if (locked.status === "resolved") return findDecision(tx, input.id);
        assertTransition("decision", locked.status, "resolved");
        const now = deps.clock.now();
        await tx
          .update(decisions)
          .set({
            status: "resolved",
            resolution: input.resolution,
            resolvedBy: input.resolvedBy ?? origin.actor ?? null,
            resolvedAt: now,
            updatedAt: now,
          })
          .where(eq(decisions.id, input.id));
        const resolved = await findDecision(tx, input.id);
        await events.record(
          "org.statehub.decision.resolved",
          {
            decisionId: resolved.id,
            title: resolved.title,
            resolution: input.resolution,
            resolvedBy: resolved.resolvedBy,
            resolvedAt: now.toISOString(),
            domain: resolved.domain,
          },
          now,
        );
        return resolved;
      });
    },

    get(id: string): Promise<Decision> {
      return findDecision(deps.db, id);
    },

    async list(input: ListDecisionsInput = {}): Promise<Page<Decision>> {
      const limit = pageLimit(input.limit);
      const conditions: SQL[] = [];
      if (input.cursor !== undefined) conditions.push(gt(decisions.id, decodeIdCursor(input.cursor)));
      if (input.status !== undefined) conditions.push(eq(decisions.status, input.status));
      if (input.domain !== undefined) {
        conditions.push(eq(decisions.domainId, await domainIdOf(deps.db, input.domain)));
      }
      const rows = await selectDecisions(deps.db)
        .where(and(...conditions))
        .orderBy(asc(decisions.id))
        .limit(limit + 1);
      return toPage(rows, limit, toDecision, (row) => encodeIdCursor(row.decision.id));
    },
  };
}

export type DecisionService = ReturnType<typeof createDecisionService>;
