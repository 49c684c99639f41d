import type { WorkstreamStatus } from "@statehub/events";
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

interface StatusCount {
  status: WorkstreamStatus;
  label: string;
  count: number;
}

/** A count for every status, in display order, zero where the hub reported none. */
export function statusCounts(counts: Partial<Record<WorkstreamStatus, number>> | undefined): {
  rows: StatusCount[];
  total: number;
} {
  const rows = WORKSTREAM_STATUSES.map((status) => ({
    status,
    label: WORKSTREAM_STATUS_LABELS[status],
    count: counts?.[status] ?? 0,
  }));
  return { rows, total: rows.reduce((sum, row) => sum + row.count, 0) };
}

/** "2 active · 1 blocked": the non-zero counts, in display order; "" when there are none. */
export function describeCounts(counts: Partial<Record<WorkstreamStatus, number>> | undefined): string {
  return statusCounts(counts)
    .rows.filter((row) => row.count > 0)
    .map((row) => `${row.count} ${row.label.toLowerCase()}`)
    .join(" · ");
}
