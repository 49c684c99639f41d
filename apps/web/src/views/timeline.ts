// A workstream's history interleaves two lists the hub pages separately, both oldest first:
// its progress notes and the events about it. Merging two paged lists must not show an entry
// before one the other list has not loaded yet, so the merge stops at the earliest point where
// a list with more pages ends, and says which list to load next.

interface TimelineSource<T> {
  items: readonly T[];
  /** The hub has no more pages of this list. */
  complete: boolean;
}

type TimelineEntry<A, B> = { at: string; from: "first"; item: A } | { at: string; from: "second"; item: B };

interface Timeline<A, B> {
  /** Oldest first; every entry up to the last is final (nothing unloaded goes before it). */
  entries: Array<TimelineEntry<A, B>>;
  /** The list to load the next page of, or null when both are complete. */
  loadNext: "first" | "second" | null;
}

export function mergeTimeline<A, B>(
  first: TimelineSource<A>,
  second: TimelineSource<B>,
  timeOf: { first: (item: A) => string; second: (item: B) => string },
): Timeline<A, B> {
  const lastTime = (times: string[]) => times[times.length - 1];
  const firstTimes = first.items.map(timeOf.first);
  const secondTimes = second.items.map(timeOf.second);

  // The horizon: the end of the loaded part of each incomplete list. An incomplete list with
  // nothing loaded yet stops everything.
  const open: Array<{ from: "first" | "second"; until: number }> = [];
  if (!first.complete) open.push({ from: "first", until: Date.parse(lastTime(firstTimes) ?? "") });
  if (!second.complete) open.push({ from: "second", until: Date.parse(lastTime(secondTimes) ?? "") });
  const earliest = open
    .map((source) => ({ ...source, until: Number.isNaN(source.until) ? -Infinity : source.until }))
    .sort((a, b) => a.until - b.until)[0];
  const horizon = earliest?.until ?? Infinity;

  const entries: Array<TimelineEntry<A, B>> = [
    ...first.items.map(
      (item, index): TimelineEntry<A, B> => ({ at: firstTimes[index] ?? "", from: "first", item }),
    ),
    ...second.items.map(
      (item, index): TimelineEntry<A, B> => ({ at: secondTimes[index] ?? "", from: "second", item }),
    ),
  ]
    .filter((entry) => Date.parse(entry.at) <= horizon)
    // Stable sort: at equal times, notes (first) before events (second), each in list order.
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { entries, loadNext: earliest?.from ?? null };
}
