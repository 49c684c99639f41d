import postgres from "postgres";

/** A task as an ActivityDefinition renders it, before issue-core stores it. */
export interface NewTask {
  definitionId: string;
  /** The envelope id for event-triggered tasks; null for cron runs, which carry a runKey instead. */
  eventId: string | null;
  runKey: string | null;
  /** The NATS subject of the triggering event, null for cron runs. */
  subject: string | null;
  entityId: string | null;
  title: string;
  body: string;
  labels: string[];
}

export interface StoredTask extends NewTask {
  id: string;
  createdAt: Date;
}

export interface InsertOutcome {
  created: number;
  /** Tasks that already existed for their (definition, event) or (definition, run key). */
  duplicates: number;
}

export interface IssueCoreStore {
  /** Creates the schema and table when missing; safe to run from several processes at once. */
  migrate(): Promise<void>;
  /** Inserts all tasks in one transaction; existing ones are skipped, never duplicated. */
  insertTasks(tasks: readonly NewTask[]): Promise<InsertOutcome>;
  listTasks(filter?: { definitionId?: string }): Promise<StoredTask[]>;
  countTasks(): Promise<number>;
  close(options?: { timeoutSeconds?: number }): Promise<void>;
}

export const DEFAULT_SCHEMA = "issue_core";

interface TaskRow {
  id: string;
  definition_id: string;
  event_id: string | null;
  run_key: string | null;
  subject: string | null;
  entity_id: string | null;
  title: string;
  body: string;
  labels: string[];
  created_at: Date;
}

function toTask(row: TaskRow): StoredTask {
  return {
    id: row.id,
    definitionId: row.definition_id,
    eventId: row.event_id,
    runKey: row.run_key,
    subject: row.subject,
    entityId: row.entity_id,
    title: row.title,
    body: row.body,
    labels: row.labels,
    createdAt: row.created_at,
  };
}

/**
 * The issue-core stand-in: its own schema in its own database (never the hub's tables).
 * Uniqueness per (definition, event id) and per (definition, run key) is what makes
 * at-least-once delivery safe: a redelivered event inserts nothing.
 */
export function createIssueCoreStore(databaseUrl: string, schema = DEFAULT_SCHEMA): IssueCoreStore {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid issue-core schema name "${schema}"`);
  const sql = postgres(databaseUrl, {
    max: 4,
    onnotice: () => {},
    connection: { application_name: "activity-core-fixture" },
  });
  const tasks = sql(`${schema}.tasks`);

  return {
    async migrate() {
      await sql.begin(async (tx) => {
        // Two fixtures starting together would otherwise race on CREATE ... IF NOT EXISTS.
        await tx`SELECT pg_advisory_xact_lock(hashtext(${`${schema}.migrate`}))`;
        await tx`CREATE SCHEMA IF NOT EXISTS ${sql(schema)}`;
        await tx`
          CREATE TABLE IF NOT EXISTS ${tasks} (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            definition_id text NOT NULL,
            event_id text,
            run_key text,
            subject text,
            entity_id text,
            title text NOT NULL,
            body text NOT NULL,
            labels text[] NOT NULL DEFAULT '{}',
            created_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT tasks_one_origin CHECK ((event_id IS NULL) <> (run_key IS NULL)),
            CONSTRAINT tasks_definition_event_unique UNIQUE (definition_id, event_id),
            CONSTRAINT tasks_definition_run_unique UNIQUE (definition_id, run_key)
          )`;
      });
    },

    async insertTasks(newTasks) {
      if (newTasks.length === 0) return { created: 0, duplicates: 0 };
      return sql.begin(async (tx) => {
        let created = 0;
        for (const task of newTasks) {
          const rows = await tx`
            INSERT INTO ${tasks} (definition_id, event_id, run_key, subject, entity_id, title, body, labels)
            VALUES (${task.definitionId}, ${task.eventId}, ${task.runKey}, ${task.subject}, ${task.entityId},
                    ${task.title}, ${task.body}, ${task.labels})
            ON CONFLICT DO NOTHING
            RETURNING id`;
          created += rows.length;
        }
        return { created, duplicates: newTasks.length - created };
      });
    },

    async listTasks(filter = {}) {
      const rows = await sql<TaskRow[]>`
        SELECT * FROM ${tasks}
        ${filter.definitionId === undefined ? sql`` : sql`WHERE definition_id = ${filter.definitionId}`}
        ORDER BY created_at, id`;
      return rows.map(toTask);
    },

    async countTasks() {
      const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM ${tasks}`;
      return row?.n ?? 0;
    },

    async close(options = {}) {
      await sql.end({ timeout: options.timeoutSeconds ?? 5 });
    },
  };
}
