import { type DbOrTx, domains, repos, type Tx } from "@statehub/db";
import { uuidv7 } from "@statehub/events";
import { eq, type SQL, sql } from "drizzle-orm";
import type { Clock } from "../clock.js";
import { ConflictError, NotFoundError } from "../domain/errors.js";
import { rowsOf } from "../outbox/rows.js";
import { type EventRecorder, writeTransaction } from "../outbox/write-transaction.js";
import type { ListReposInput, RegisterRepoInput, Repo, RepoRef } from "../schemas/repos.js";
import type { CallOrigin, ServiceDeps } from "./deps.js";
import { iso } from "./dto.js";
import { domainIdOf } from "./lookups.js";
import { idKeyset, keysetList, type Page } from "./paging.js";

const DEFAULT_BRANCH = "main";

const repoColumns = { repo: repos, domain: domains.slug };
type RepoRow = { repo: typeof repos.$inferSelect; domain: string };

const toRepo = ({ repo, domain }: RepoRow): Repo => ({
  id: repo.id,
  name: repo.name,
  domain,
  url: repo.url,
  defaultBranch: repo.defaultBranch,
  createdAt: iso(repo.createdAt),
  updatedAt: iso(repo.updatedAt),
});

function selectRepos(db: DbOrTx) {
  return db.select(repoColumns).from(repos).innerJoin(domains, eq(domains.id, repos.domainId));
}

async function findRepo(db: DbOrTx, where: SQL): Promise<Repo | undefined> {
  const [row] = await selectRepos(db).where(where);
  return row ? toRepo(row) : undefined;
}

/** The details given in a re-registration that differ from the registered repo (omitted ones never do). */
function differingDetails(existing: Repo, input: RegisterRepoInput): string[] {
  const differs: string[] = [];
  if (existing.domain !== input.domain) differs.push(`domain is "${existing.domain}"`);
  if (input.url !== undefined && existing.url !== input.url)
    differs.push(`url is ${JSON.stringify(existing.url)}`);
  if (input.defaultBranch !== undefined && existing.defaultBranch !== input.defaultBranch) {
    differs.push(`defaultBranch is "${existing.defaultBranch}"`);
  }
  return differs;
}

/**
 * Registers a repo inside the caller's transaction (see `register`); `registered` says whether
 * this call created it (and recorded repo.registered).
 */
export async function registerRepo(
  tx: Tx,
  events: EventRecorder,
  clock: Clock,
  input: RegisterRepoInput,
): Promise<{ repo: Repo; registered: boolean }> {
  const now = clock.now();
  const repo: Repo = {
    id: uuidv7(),
    name: input.name,
    domain: input.domain,
    url: input.url ?? null,
    defaultBranch: input.defaultBranch ?? DEFAULT_BRANCH,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  // The domain is looked up by the insert itself: one statement, where a look-up first costs a
  // round trip on every registration. No row back means the name is taken or the domain is
  // unknown; the domain is checked first, as a look-up first would have.
  const inserted = rowsOf<{ id: string }>(
    await tx.execute(sql`
      insert into ${repos} (id, name, domain_id, url, default_branch, created_at, updated_at)
      select ${repo.id}::uuid, ${repo.name}, ${domains.id}, ${repo.url}, ${repo.defaultBranch},
        ${repo.createdAt}::timestamptz, ${repo.updatedAt}::timestamptz
      from ${domains} where ${domains.slug} = ${input.domain}
      on conflict (name) do nothing
      returning id`),
  );
  if (inserted.length === 0) {
    await domainIdOf(tx, input.domain);
    const existing = await findRepo(tx, eq(repos.name, input.name));
    if (!existing) throw new Error(`repo ${input.name} conflicted but cannot be read`);
    const differs = differingDetails(existing, input);
    if (differs.length > 0) {
      throw new ConflictError(
        `repo ${input.name} is already registered with other details: ${differs.join(", ")}`,
      );
    }
    return { repo: existing, registered: false };
  }
  // Written as a literal at the call, so a field the contract drops or renames is a type
  // error here: the producer changes consciously, not by zod silently stripping a field.
  await events.record(
    "org.statehub.repo.registered",
    {
      repoId: repo.id,
      name: repo.name,
      domain: repo.domain,
      url: repo.url,
      defaultBranch: repo.defaultBranch,
    },
    now,
  );
  return { repo, registered: true };
}

export function createRepoService(deps: ServiceDeps) {
  return {
    /**
     * Registers a repo. Registering a name again with the same details returns the existing
     * repo and publishes nothing; with different details it is a CONFLICT. Two concurrent
     * first registrations create one repo and one event (the insert is ON CONFLICT DO NOTHING).
     */
    async register(input: RegisterRepoInput, origin: CallOrigin): Promise<Repo> {
      return writeTransaction(deps, origin, async (tx, events) => {
        const { repo } = await registerRepo(tx, events, deps.clock, input);
        return repo;
      });
    },

    async get(ref: RepoRef): Promise<Repo> {
      const repo = await findRepo(deps.db, "id" in ref ? eq(repos.id, ref.id) : eq(repos.name, ref.name));
      if (!repo) throw new NotFoundError("repo", "id" in ref ? ref.id : ref.name);
      return repo;
    },

    list(input: ListReposInput = {}): Promise<Page<Repo>> {
      return keysetList({
        request: input,
        keyset: idKeyset(repos.id, (row: RepoRow) => row.repo.id),
        filters: async () => [
          input.domain === undefined
            ? undefined
            : eq(repos.domainId, await domainIdOf(deps.db, input.domain)),
        ],
        fetch: (where, orderBy, limit) => selectRepos(deps.db).where(where).orderBy(orderBy).limit(limit),
        toItem: toRepo,
      });
    },
  };
}
