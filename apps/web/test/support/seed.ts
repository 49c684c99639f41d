import type { StateHubClient } from "@statehub/client";
import type { ShiftedClock } from "./hub.js";

export interface Seeded {
  ledger: { id: string; key: string };
  refunds: { id: string; key: string };
  runners: { id: string; key: string };
  openDecision: { id: string; title: string };
  resolvedDecision: { id: string; title: string };
  staleTask: { id: string; key: string; title: string };
}

/**
 * A small organisation, written through the API only: two domains with goals and repos,
 * workstreams in several states (one blocked for 9 days, one completed → an event), tasks in
 * every status (one untouched for 20 days → flagged stale), progress notes, an open and a
 * resolved decision.
 */
export async function seedOrganisation(hub: StateHubClient, clock: ShiftedClock): Promise<Seeded> {
  clock.daysAgo(20);
  await hub.domains.upsert.mutate({
    slug: "payments",
    name: "Payments",
    description: "Money in, money out.",
  });
  await hub.domains.upsert.mutate({ slug: "platform", name: "Platform" });
  const settle = await hub.domainGoals.create.mutate({
    domain: "payments",
    title: "Settle every payment within a day",
  });
  await hub.domainGoals.activate.mutate({ id: settle.id });
  await hub.domainGoals.create.mutate({ domain: "payments", title: "Support a second currency" });
  const ci = await hub.domainGoals.create.mutate({ domain: "platform", title: "CI under ten minutes" });
  await hub.domainGoals.activate.mutate({ id: ci.id });
  await hub.repos.register.mutate({
    name: "acme/ledger",
    domain: "payments",
    url: "https://git.example.com/acme/ledger",
  });
  await hub.repos.register.mutate({ name: "acme/runners", domain: "platform" });

  const ledger = await hub.workstreams.create.mutate({
    key: "PAY-1",
    title: "Ledger v2",
    domain: "payments",
    repo: "acme/ledger",
    status: "active",
  });
  const stale = await hub.tasks.create.mutate({
    workstreamId: ledger.id,
    key: "T1",
    title: "Draft the schema",
  });
  const refunds = await hub.workstreams.create.mutate({ key: "PAY-2", title: "Refunds", domain: "payments" });
  const runners = await hub.workstreams.create.mutate({
    key: "PLT-1",
    title: "Faster CI runners",
    domain: "platform",
    repo: "acme/runners",
    status: "active",
  });
  await hub.workstreams.create.mutate({ key: "PLT-2", title: "Build cache", domain: "platform" });

  clock.daysAgo(9);
  await hub.workstreams.update.mutate({ id: refunds.id, status: "blocked" });
  await hub.progress.record.mutate({
    entityType: "workstream",
    entityId: refunds.id,
    message: "Blocked on the bank's refund API.",
    author: "bob",
  });

  clock.daysAgo(2);
  for (const [key, title, status] of [
    ["T2", "Write the migration", "done"],
    ["T3", "Backfill balances", "in_progress"],
    ["T4", "Wait for the audit", "blocked"],
    ["T5", "Retire ledger v1", "todo"],
  ] as const) {
    await hub.tasks.create.mutate({ workstreamId: ledger.id, key, title, status });
  }
  await hub.progress.record.mutate({
    entityType: "workstream",
    entityId: ledger.id,
    message: "Schema agreed with finance.",
    author: "alice",
  });
  await hub.workstreams.update.mutate({ id: runners.id, status: "completed" });
  const openDecision = await hub.decisions.create.mutate({
    title: "Which queue for settlement jobs?",
    domain: "payments",
    context: "NATS or Postgres-backed.",
  });
  const resolvedDecision = await hub.decisions.create.mutate({
    title: "Use Postgres for the ledger",
    domain: "payments",
  });
  await hub.decisions.resolve.mutate({
    id: resolvedDecision.id,
    resolution: "Postgres 16, one database per service.",
    resolvedBy: "alice",
  });

  clock.daysAgo(0);
  await hub.maintenance.flagStaleTasks.mutate({ thresholdDays: 14 });

  return {
    ledger: { id: ledger.id, key: ledger.key },
    refunds: { id: refunds.id, key: refunds.key },
    runners: { id: runners.id, key: runners.key },
    openDecision: { id: openDecision.id, title: openDecision.title },
    resolvedDecision: { id: resolvedDecision.id, title: resolvedDecision.title },
    staleTask: { id: stale.id, key: stale.key, title: stale.title },
  };
}
