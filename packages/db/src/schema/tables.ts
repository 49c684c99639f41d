import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, text, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { id, timestamps, tstz, xid8 } from "./columns.js";
import { decisionStatus, goalStatus, progressEntityType, taskStatus, workstreamStatus } from "./enums.js";
import { isOpenTask } from "./open-task.js";

export const domains = pgTable("domains", {
  id: id(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  description: text("description"),
  ...timestamps(),
});

export const domainGoals = pgTable(
  "domain_goals",
  {
    id: id(),
    domainId: uuid("domain_id")
      .notNull()
      .references(() => domains.id, { onDelete: "restrict" }),
    title: text("title").notNull(),
    description: text("description"),
    status: goalStatus("status").notNull().default("proposed"),
    ...timestamps(),
  },
  (t) => [
    index("domain_goals_domain_status_idx").on(t.domainId, t.status, t.id),
    index("domain_goals_status_idx").on(t.status, t.id),
  ],
);

export const repos = pgTable(
  "repos",
  {
    id: id(),
    name: text("name").notNull().unique(),
    domainId: uuid("domain_id")
      .notNull()
      .references(() => domains.id, { onDelete: "restrict" }),
    url: text("url"),
    defaultBranch: text("default_branch").notNull().default("main"),
    ...timestamps(),
  },
  (t) => [index("repos_domain_idx").on(t.domainId, t.id)],
);

export const workstreams = pgTable(
  "workstreams",
  {
    id: id(),
    key: text("key").notNull().unique(),
    title: text("title").notNull(),
    domainId: uuid("domain_id")
      .notNull()
      .references(() => domains.id, { onDelete: "restrict" }),
    repoId: uuid("repo_id").references(() => repos.id, { onDelete: "restrict" }),
    status: workstreamStatus("status").notNull().default("planned"),
    /** When the status last changed (e.g. "blocked since"); other edits leave it alone. */
    statusChangedAt: tstz("status_changed_at").notNull().defaultNow(),
    ...timestamps(),
  },
  (t) => [
    index("workstreams_domain_idx").on(t.domainId, t.id),
    index("workstreams_repo_idx").on(t.repoId, t.id),
    index("workstreams_status_idx").on(t.status, t.id),
  ],
);

/**
 * Where a workstream synced from a workplan file came from (`workplans.sync`): the repo and
 * path of the file, the commit and content hash last applied, and when. Kept apart from the
 * workstream row so that sync bookkeeping (a prose-only edit changes the hash) never touches
 * the workstream's own updated_at.
 */
export const workstreamSources = pgTable(
  "workstream_sources",
  {
    workstreamId: uuid("workstream_id")
      .primaryKey()
      .references(() => workstreams.id, { onDelete: "cascade" }),
    repoId: uuid("repo_id")
      .notNull()
      .references(() => repos.id, { onDelete: "restrict" }),
    path: text("path").notNull(),
    commit: text("commit"),
    contentHash: text("content_hash").notNull(),
    /** The task keys the file listed: tasks of the workstream not among them were dropped. */
    taskKeys: text("task_keys").array().notNull().default(sql`'{}'::text[]`),
    syncedAt: tstz("synced_at").notNull(),
  },
  (t) => [
    // The orphan check: every workstream synced from one repo.
    index("workstream_sources_repo_idx").on(t.repoId, t.path),
    // workplans.check: the sources of the files a sync is about to send.
    index("workstream_sources_path_idx").on(t.path),
  ],
);

export const tasks = pgTable(
  "tasks",
  {
    id: id(),
    workstreamId: uuid("workstream_id")
      .notNull()
      .references(() => workstreams.id, { onDelete: "restrict" }),
    key: text("key").notNull(),
    title: text("title").notNull(),
    status: taskStatus("status").notNull().default("todo"),
    /** Set when the stale check published task.stale; cleared by any update (a new episode). */
    staleFlaggedAt: tstz("stale_flagged_at"),
    ...timestamps(),
  },
  (t) => [
    unique("tasks_workstream_key_unique").on(t.workstreamId, t.key),
    index("tasks_workstream_idx").on(t.workstreamId, t.id),
    index("tasks_status_idx").on(t.status, t.id),
    // The stale-task scan: open tasks by last update.
    index("tasks_open_updated_at_idx").on(t.updatedAt).where(isOpenTask(t.status)),
    // tasks.list's stale-only page walks the few flagged tasks in id order, not the whole table
    // (packages/api/src/services/tasks-list-plan.perf-guard.test.ts).
    index("tasks_stale_idx").on(t.id).where(sql`${t.staleFlaggedAt} is not null`),
  ],
);

export const decisions = pgTable(
  "decisions",
  {
    id: id(),
    title: text("title").notNull(),
    context: text("context"),
    domainId: uuid("domain_id").references(() => domains.id, { onDelete: "restrict" }),
    status: decisionStatus("status").notNull().default("open"),
    resolution: text("resolution"),
    resolvedBy: text("resolved_by"),
    resolvedAt: tstz("resolved_at"),
    ...timestamps(),
  },
  (t) => [
    index("decisions_status_idx").on(t.status, t.id),
    index("decisions_domain_idx").on(t.domainId, t.id),
  ],
);

export const progressNotes = pgTable(
  "progress_notes",
  {
    id: id(),
    entityType: progressEntityType("entity_type").notNull(),
    entityId: uuid("entity_id").notNull(),
    message: text("message").notNull(),
    author: text("author"),
    createdAt: tstz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("progress_notes_entity_idx").on(t.entityType, t.entityId, t.id),
    // progress.list by entityId without its type walks that entity's notes in id order, not the
    // whole table (packages/api/src/services/lists-plan.perf-guard.test.ts).
    index("progress_notes_entity_id_idx").on(t.entityId, t.id),
  ],
);

/**
 * The channel the outbox trigger NOTIFYs when rows commit (migration 0001_triggers.sql, which
 * cannot import this: the database test pins the two together by listening on this name).
 */
export const OUTBOX_CHANNEL = "statehub_outbox";

/**
 * The transactional outbox and the hub's event log. A row is inserted in the same transaction
 * as the state change it announces; the relay publishes it and records the stream sequence.
 */
export const eventOutbox = pgTable(
  "event_outbox",
  {
    /** The envelope id (UUIDv7), also the Nats-Msg-Id. */
    id: uuid("id").primaryKey(),
    /** Insertion order: the relay publishes by it. */
    position: bigint("position", { mode: "number" }).generatedAlwaysAsIdentity().notNull(),
    /**
     * The inserting transaction's id. `events.list` reads in (txid, position) order and only
     * below the oldest transaction still in flight, so no row can appear behind a reader's
     * cursor later (packages/api/src/outbox/feed-horizon.ts). Rows older than the column: 0.
     */
    txid: xid8("txid").notNull().default(sql`pg_current_xact_id()`),
    subject: text("subject").notNull(),
    envelope: jsonb("envelope").notNull(),
    /** The envelope's `subject` attribute: id of the entity the event is about. */
    entity: text("entity").generatedAlwaysAs(sql`envelope->>'subject'`),
    createdAt: tstz("created_at").notNull().defaultNow(),
    publishedAt: tstz("published_at"),
    streamSequence: bigint("stream_sequence", { mode: "number" }),
    /** Publish attempts, failed or not (a published row counts the one that succeeded). */
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    nextAttemptAt: tstz("next_attempt_at"),
    /**
     * Attempts NATS refused for good (payload too large, no stream for the subject, publish not
     * permitted). A refused row steps out of line; after a few refusals it is parked.
     */
    refusals: integer("refusals").notNull().default(0),
    /** Set when the relay gave up on the row: it waits for an operator's retry or discard. */
    parkedAt: tstz("parked_at"),
    parkedReason: text("parked_reason"),
  },
  (t) => [
    uniqueIndex("event_outbox_position_idx").on(t.position),
    // The event feed (events.list): unfiltered, by subject, by entity.
    uniqueIndex("event_outbox_feed_idx").on(t.txid, t.position),
    index("event_outbox_subject_feed_idx").on(t.subject, t.txid, t.position),
    index("event_outbox_entity_feed_idx").on(t.entity, t.txid, t.position),
    index("event_outbox_unpublished_idx").on(t.position).where(sql`${t.publishedAt} is null`),
    index("event_outbox_published_at_idx").on(t.publishedAt).where(sql`${t.publishedAt} is not null`),
    index("event_outbox_parked_idx").on(t.position).where(sql`${t.parkedAt} is not null`),
  ],
);
