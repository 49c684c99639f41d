import { jetstream, jetstreamManager, StorageType } from "@nats-io/jetstream";
import { connect, headers, type NatsConnection, nanos } from "@nats-io/transport-node";
import {
  type AnyEnvelope,
  createEnvelope,
  encodeEnvelope,
  natsHeadersFor,
  SUBJECT_WILDCARD,
  uuidv7,
} from "@statehub/events";
import { pino } from "pino";

/** Quiet unless a test run asks for logs (ACTIVITY_CORE_TEST_LOGS=debug). */
export const testLogger = pino({ level: process.env.ACTIVITY_CORE_TEST_LOGS ?? "silent" });

export const STREAM = "STATEHUB";

/** What the hub's relay does in production: a stream capturing every statehub subject. */
export async function createHubStream(nc: NatsConnection, name = STREAM): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({
    name,
    subjects: [SUBJECT_WILDCARD],
    storage: StorageType.File,
    duplicate_window: nanos(60_000),
  });
}

export async function connectTo(url: string): Promise<NatsConnection> {
  return connect({ servers: url });
}

/** Publishes an envelope as the relay does: JSON body, Nats-Msg-Id = envelope id. */
export async function publishEnvelope(
  nc: NatsConnection,
  envelope: AnyEnvelope,
  options: { withMsgId?: boolean } = {},
): Promise<void> {
  const h = headers();
  if (options.withMsgId ?? true) {
    for (const [name, value] of Object.entries(natsHeadersFor(envelope))) h.set(name, value);
  }
  await jetstream(nc).publish(envelope.type, encodeEnvelope(envelope), { headers: h });
}

export async function publishRaw(
  nc: NatsConnection,
  subject: string,
  payload: string | Uint8Array,
): Promise<void> {
  await jetstream(nc).publish(subject, payload);
}

const time = "2025-06-01T10:00:00.000Z";

/** One valid envelope per v1 subject, with the task title each shipped definition renders. */
export function envelopesForAllSubjects() {
  const domain = "payments";
  const repo = createEnvelope(
    "org.statehub.repo.registered",
    { repoId: uuidv7(), name: "acme/ledger", domain, url: null, defaultBranch: "main" },
    { time },
  );
  const workstream = createEnvelope(
    "org.statehub.workstream.completed",
    {
      workstreamId: uuidv7(),
      key: "WS-7",
      title: "Ledger v2",
      domain,
      repo: "acme/ledger",
      previousStatus: "active",
    },
    { time },
  );
  const decision = createEnvelope(
    "org.statehub.decision.resolved",
    {
      decisionId: uuidv7(),
      title: "Use Postgres for the ledger",
      resolution: "Postgres 16, one database per service.",
      resolvedBy: "alice",
      resolvedAt: time,
      domain,
    },
    { time },
  );
  const goal = createEnvelope(
    "org.statehub.domain.goal.activated",
    { goalId: uuidv7(), domain, title: "Real-time balances", previousStatus: "proposed" },
    { time },
  );
  const stale = createEnvelope(
    "org.statehub.task.stale",
    {
      taskId: uuidv7(),
      key: "T-12",
      title: "Backfill ledger entries",
      status: "in_progress",
      workstreamId: uuidv7(),
      lastUpdatedAt: "2025-05-01T10:00:00.000Z",
      thresholdDays: 14,
    },
    { time },
  );
  return {
    envelopes: [repo, workstream, decision, goal, stale] as AnyEnvelope[],
    expected: [
      { definitionId: "repo-ci-setup", eventId: repo.id, title: "Set up CI for acme/ledger" },
      {
        definitionId: "workstream-retrospective",
        eventId: workstream.id,
        title: "Write the retrospective for Ledger v2",
      },
      {
        definitionId: "decision-communication",
        eventId: decision.id,
        title: "Communicate decision: Use Postgres for the ledger",
      },
      {
        definitionId: "goal-first-workstream",
        eventId: goal.id,
        title: "Plan the first workstream for goal Real-time balances",
      },
      {
        definitionId: "stale-task-follow-up",
        eventId: stale.id,
        title: "Follow up on stale task T-12: Backfill ledger entries",
      },
    ],
  };
}

export function repoRegistered(name: string) {
  return createEnvelope(
    "org.statehub.repo.registered",
    { repoId: uuidv7(), name, domain: "platform", url: `https://git.example/${name}`, defaultBranch: "main" },
    { time },
  );
}

/** Polls until the check passes (returns truthy) or the time is up. */
export async function waitFor<T>(
  check: () => Promise<T> | T,
  what: string,
  timeoutMs = 15_000,
): Promise<Exclude<T, false | null | undefined | 0 | "">> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as Exclude<T, false | null | undefined | 0 | "">;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ""}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
