import type { WorkstreamStatus } from "@statehub/events";
import type { Workstream } from "../api/types.js";
import { WORKSTREAM_STATUS_LABELS, WORKSTREAM_STATUSES } from "../labels.js";

/** Items grouped by their domain, each group in the order given. */
export function groupByDomain<T extends { domain: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.domain);
    if (group) group.push(item);
    else groups.set(item.domain, [item]);
  }
  return groups;
}

export interface BlockedWorkstream {
  workstream: Workstream;
  /** Since when it is blocked: its last status change. */
  since: string;
  blockedForMs: number;
}

/** The blocked workstreams among `workstreams`, longest blocked first. */
export function blockedLongestFirst(workstreams: readonly Workstream[], now: number): BlockedWorkstream[] {
  return workstreams
    .filter((workstream) => workstream.status === "blocked")
    .map((workstream) => ({
      workstream,
      since: workstream.statusChangedAt,
      blockedForMs: Math.max(0, now - Date.parse(workstream.statusChangedAt)),
    }))
    .sort(
      (a, b) => b.blockedForMs - a.blockedForMs || a.workstream.key.localeCompare(b.workstream.key, "en"),
    );
}

export interface StatusCount {
  status: WorkstreamStatus;
  label: string;
  count: number;
}

/** A count for every status, in display order, zero where the hub reported none. */
export function statusCounts(counts: Partial<Record<WorkstreamStatus, number>>): {
  rows: StatusCount[];
  total: number;
} {
  const rows = WORKSTREAM_STATUSES.map((status) => ({
    status,
    label: WORKSTREAM_STATUS_LABELS[status],
    count: counts[status] ?? 0,
  }));
  return { rows, total: rows.reduce((sum, row) => sum + row.count, 0) };
}
