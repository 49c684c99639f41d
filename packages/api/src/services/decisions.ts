import { type DbOrTx, decisions, domains } from "@statehub/db";
import { uuidv7 } from "@statehub/events";
import { eq } from "drizzle-orm";
import { NotFoundError } from "../domain/errors.js";
import { writeTransaction } from "../outbox/write-transaction.js";
import type {
  CreateDecisionInput,
  Decision,
  ListDecisionsInput,
  ResolveDecisionInput,
} from "../schemas/decisions.js";
import type { CallOrigin, ServiceDeps } from "./deps.js";
import { iso, isoOrNull } from "./dto.js";
import { lockForTransition } from "./lock-and-transition.js";
import { domainIdOf } from "./lookups.js";
import { idKeyset, keysetList, type Page } from "./paging.js";

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
        const { moves } = await lockForTransition(tx, "decision", input.id, "resolved");
        if (!moves) return findDecision(tx, input.id);
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

    list(input: ListDecisionsInput = {}): Promise<Page<Decision>> {
      return keysetList({
        request: input,
        keyset: idKeyset(decisions.id, (row: Row) => row.decision.id),
        filters: async () => [
          input.status === undefined ? undefined : eq(decisions.status, input.status),
          input.domain === undefined
            ? undefined
            : eq(decisions.domainId, await domainIdOf(deps.db, input.domain)),
        ],
        fetch: (where, orderBy, limit) => selectDecisions(deps.db).where(where).orderBy(orderBy).limit(limit),
        toItem: toDecision,
      });
    },
  };
}
