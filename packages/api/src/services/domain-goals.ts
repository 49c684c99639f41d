import { type DbOrTx, domainGoals, domains } from "@statehub/db";
import { type GoalStatus, uuidv7 } from "@statehub/events";
import { and, asc, eq, gt, type SQL } from "drizzle-orm";
import { NotFoundError } from "../domain/errors.js";
import { assertTransition } from "../domain/transitions.js";
import { writeTransaction } from "../outbox/write-transaction.js";
import type { CallOrigin, ServiceDeps } from "./deps.js";
import { iso } from "./dto.js";
import { domainIdOf } from "./lookups.js";
import { decodeIdCursor, encodeIdCursor, type Page, type PageRequest, pageLimit, toPage } from "./paging.js";

export interface DomainGoal {
  id: string;
  domain: string;
  title: string;
  description: string | null;
  status: GoalStatus;
  createdAt: string;
  updatedAt: string;
}

export interface CreateDomainGoalInput {
  domain: string;
  title: string;
  description?: string | undefined;
}

export interface ListDomainGoalsInput extends PageRequest {
  domain?: string | undefined;
  status?: GoalStatus | undefined;
}

const columns = { goal: domainGoals, domain: domains.slug };
type Row = { goal: typeof domainGoals.$inferSelect; domain: string };

const toGoal = ({ goal, domain }: Row): DomainGoal => ({
  id: goal.id,
  domain,
  title: goal.title,
  description: goal.description,
  status: goal.status,
  createdAt: iso(goal.createdAt),
  updatedAt: iso(goal.updatedAt),
});

function selectGoals(db: DbOrTx) {
  return db.select(columns).from(domainGoals).innerJoin(domains, eq(domains.id, domainGoals.domainId));
}

async function findGoal(db: DbOrTx, id: string): Promise<DomainGoal> {
  const [row] = await selectGoals(db).where(eq(domainGoals.id, id));
  if (!row) throw new NotFoundError("domain goal", id);
  return toGoal(row);
}

export function createDomainGoalService(deps: ServiceDeps) {
  /**
   * Moves a goal to `target` if allowed; same-state is a no-op. Becoming active publishes
   * `domain.goal.activated` in the same transaction; the row lock serialises concurrent calls.
   */
  async function moveTo(id: string, target: GoalStatus, origin: CallOrigin): Promise<DomainGoal> {
    return writeTransaction(deps, origin, async (tx, events) => {
      const [locked] = await tx
        .select({ status: domainGoals.status })
        .from(domainGoals)
        .where(eq(domainGoals.id, id))
        .for("update");
      if (!locked) throw new NotFoundError("domain goal", id);
      if (locked.status === target) return findGoal(tx, id);
      assertTransition("domainGoal", locked.status, target);
      const previousStatus = locked.status;
      const now = deps.clock.now();
      await tx.update(domainGoals).set({ status: target, updatedAt: now }).where(eq(domainGoals.id, id));
      const goal = await findGoal(tx, id);
      if (target === "active" && previousStatus !== "active") {
        await events.record(
          "org.statehub.domain.goal.activated",
          { goalId: goal.id, domain: goal.domain, title: goal.title, previousStatus },
          now,
        );
      }
      return goal;
    });
  }

  return {
    /** A new goal starts as `proposed`. */
    async create(input: CreateDomainGoalInput, origin: CallOrigin): Promise<DomainGoal> {
      return writeTransaction(deps, origin, async (tx) => {
        const domainId = await domainIdOf(tx, input.domain);
        const id = uuidv7();
        const now = deps.clock.now();
        await tx.insert(domainGoals).values({
          id,
          domainId,
          title: input.title,
          description: input.description ?? null,
          status: "proposed",
          createdAt: now,
          updatedAt: now,
        });
        return findGoal(tx, id);
      });
    },
    activate: (id: string, origin: CallOrigin) => moveTo(id, "active", origin),
    achieve: (id: string, origin: CallOrigin) => moveTo(id, "achieved", origin),
    abandon: (id: string, origin: CallOrigin) => moveTo(id, "abandoned", origin),

    get(id: string): Promise<DomainGoal> {
      return findGoal(deps.db, id);
    },

    async list(input: ListDomainGoalsInput = {}): Promise<Page<DomainGoal>> {
      const limit = pageLimit(input.limit);
      const conditions: SQL[] = [];
      if (input.cursor !== undefined) conditions.push(gt(domainGoals.id, decodeIdCursor(input.cursor)));
      if (input.domain !== undefined) {
        conditions.push(eq(domainGoals.domainId, await domainIdOf(deps.db, input.domain)));
      }
      if (input.status !== undefined) conditions.push(eq(domainGoals.status, input.status));
      const rows = await selectGoals(deps.db)
        .where(and(...conditions))
        .orderBy(asc(domainGoals.id))
        .limit(limit + 1);
      return toPage(rows, limit, toGoal, (row) => encodeIdCursor(row.goal.id));
    },
  };
}

export type DomainGoalService = ReturnType<typeof createDomainGoalService>;
