// Durations as people say them on a status page: the largest unit that is at least 1, rounded
// down ("blocked for 2 days" until the third day has fully passed).

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

/** "less than a minute", "5 minutes", "3 hours", "2 days"; a negative span (clock skew) is "less than a minute". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < MINUTE) return "less than a minute";
  if (ms < HOUR) return plural(Math.floor(ms / MINUTE), "minute");
  if (ms < DAY) return plural(Math.floor(ms / HOUR), "hour");
  return plural(Math.floor(ms / DAY), "day");
}

/** How long ago `iso` was, e.g. "3 days ago"; "just now" under a minute. */
export function formatAgo(iso: string, now: number): string {
  const span = now - Date.parse(iso);
  if (!Number.isFinite(span) || span < MINUTE) return "just now";
  return `${formatDuration(span)} ago`;
}

/** The full local date and time, for a tooltip or a table cell. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
