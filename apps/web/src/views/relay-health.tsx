import { useQuery } from "@tanstack/react-query";
import type { OutboxStatus } from "../api/types.js";
import { useHub } from "../app/services.js";
import { Ago, useNow } from "../components/bits.js";
import { QueryView } from "../components/query-view.js";
import { Section } from "../components/section.js";

interface HealthLine {
  label: string;
  value: string;
  /** Worth a person's attention. */
  warn: boolean;
}

/** The relay's state in plain words: publishing at all, NATS, what waits, what is parked. */
export function describeRelayHealth(status: OutboxStatus): HealthLine[] {
  const publishing: HealthLine = status.publishing
    ? { label: "Publishing", value: "on", warn: false }
    : {
        label: "Publishing",
        value: "off: the hub runs without NATS_URL, so events are recorded but not published",
        warn: true,
      };
  return [
    publishing,
    { label: "NATS", value: status.nats.state, warn: status.publishing && !status.nats.ok },
    {
      label: "Waiting to be published",
      value: status.backlog === 0 ? "nothing" : `${status.backlog} event${status.backlog === 1 ? "" : "s"}`,
      warn: status.publishing && status.backlog > 0 && !status.nats.ok,
    },
    {
      label: "Parked",
      value:
        status.parked === 0
          ? "none"
          : `${status.parked} event${status.parked === 1 ? "" : "s"} NATS refused for good (retry or discard with statehub outbox)`,
      warn: status.parked > 0,
    },
  ];
}

/** The relay's health above the event log (outbox.status), refreshed with the rest. */
export function RelayHealth() {
  const hub = useHub();
  const now = useNow();
  const status = useQuery({ queryKey: ["outbox.status"], queryFn: () => hub.outbox.status.query() });
  return (
    <Section id="relay" title="Delivery to NATS">
      <QueryView query={status} what="the relay's health">
        {(data) => (
          <dl className="facts health">
            {describeRelayHealth(data).map((line) => (
              <div key={line.label} className={line.warn ? "warn" : undefined}>
                <dt>{line.label}</dt>
                <dd>
                  {line.value}
                  {line.label === "Waiting to be published" && data.oldestPendingAt ? (
                    <>
                      {", the oldest recorded "}
                      <Ago iso={data.oldestPendingAt} now={now} />
                    </>
                  ) : null}
                  {line.label === "Parked" && data.oldestParkedAt ? (
                    <>
                      {", the first parked "}
                      <Ago iso={data.oldestParkedAt} now={now} />
                    </>
                  ) : null}
                </dd>
              </div>
            ))}
          </dl>
        )}
      </QueryView>
    </Section>
  );
}
