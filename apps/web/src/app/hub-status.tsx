import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { describeProblem } from "../api/errors.js";

interface Freshness {
  /** When a read last succeeded. */
  lastSuccess: number | undefined;
  /** The last read failed because the hub did not answer (or could not reach its database). */
  unreachable: boolean;
}

/** "Live, updated 12:03:04" or "The hub is not answering": how fresh the page is. */
export function HubStatus() {
  const queryClient = useQueryClient();
  const [freshness, setFreshness] = useState<Freshness>({ lastSuccess: undefined, unreachable: false });

  useEffect(
    () =>
      queryClient.getQueryCache().subscribe((event) => {
        if (event.type !== "updated") return;
        if (event.action.type === "success") {
          setFreshness({ lastSuccess: Date.now(), unreachable: false });
        } else if (event.action.type === "error") {
          const kind = describeProblem(event.action.error).kind;
          if (kind === "unreachable" || kind === "unavailable") {
            setFreshness((previous) => ({ ...previous, unreachable: true }));
          }
        }
      }),
    [queryClient],
  );

  const { lastSuccess, unreachable } = freshness;
  return (
    <p className="hub-status" data-state={unreachable ? "unreachable" : "live"}>
      {/* Only the state is a live region: the time changes on every poll and would be noise. */}
      <span role="status">{unreachable ? "The hub is not answering; retrying." : "Live"}</span>
      {lastSuccess === undefined ? null : (
        <span className="updated">
          {" "}
          · updated{" "}
          <time dateTime={new Date(lastSuccess).toISOString()}>
            {new Date(lastSuccess).toLocaleTimeString()}
          </time>
        </span>
      )}
    </p>
  );
}
