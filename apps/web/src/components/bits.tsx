import { useEffect, useState } from "react";
import { formatAgo, formatDateTime } from "../format/time.js";

/** A status as a small labelled badge; the class gives each status its colour. */
export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span className={`badge status-${status}`}>{label}</span>;
}

/** "3 days ago", with the exact time as a tooltip and in the machine-readable attribute. */
export function Ago({ iso, now }: { iso: string; now: number }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatAgo(iso, now)}
    </time>
  );
}

/** The current time, refreshed every `intervalMs`, for "… ago" texts that age while on screen. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}
