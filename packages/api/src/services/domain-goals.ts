import { type DbOrTx, domainGoals, domains } from "@statehub/db";
import { type GoalStatus, uuidv7 } from "@statehub/events";
import { eq } from "drizzle-orm";
import { NotFoundError } from "../domain/errors.js";
import { writeTransaction } from "../outbox/write-transaction.js";
import type { CreateDomainGoalInput, DomainGoal, ListDomainGoalsInput } from "../schemas/domain-goals.js";
import type { CallOrigin, ServiceDeps } from "./deps.js";
import { iso } from "./dto.js";
import { lockForTransition } from "./lock-and-transition.js";
import { domainIdOf } from "./lookups.js";
import { idKeyset, keysetList, type Page } from "./paging.js";

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
      const { row, moves } = await lockForTransition(tx, "domainGoal", id, target);
      if (!moves) return findGoal(tx, id);
      const previousStatus = row.status;
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

    list(input: ListDomainGoalsInput = {}): Promise<Page<DomainGoal>> {
      return keysetList({
        request: input,
        keyset: idKeyset(domainGoals.id, (row: Row) => row.goal.id),
        filters: async () => [
          input.domain === undefined
            ? undefined
            : eq(domainGoals.domainId, await domainIdOf(deps.db, input.domain)),
          input.status === undefined ? undefined : eq(domainGoals.status, input.status),
        ],
        fetch: (where, orderBy, limit) => selectGoals(deps.db).where(where).orderBy(orderBy).limit(limit),
        toItem: toGoal,
      });
    },
  };
}
