import type { EventEntry } from "../api/types.js";
import { Ago, useNow } from "../components/bits.js";
import { ColumnHeads } from "../components/table.js";
import { formatDateTime } from "../format/time.js";
import { SUBJECT_LABELS } from "../labels.js";
import { Link } from "../routing/router.js";
import { href } from "../routing/routes.js";
import { describeDelivery, entityLinkOf } from "./event-model.js";

/** Events as a table: when, subject, the entity it is about (linked), delivery state. */
export function EventTable({ entries }: { entries: EventEntry[] }) {
  const now = useNow();
  return (
    <table className="events">
      <ColumnHeads names={["When", "Subject", "About", "Delivery"]} />
      <tbody>
        {entries.map((entry) => {
          const { envelope } = entry;
          const entity = entityLinkOf(envelope);
          const delivery = describeDelivery(entry);
          return (
            <tr key={envelope.id} data-event-id={envelope.id}>
              <td>
                <Ago iso={envelope.time} now={now} />
              </td>
              <td>
                <Link href={href.events({ subject: envelope.type })} title={envelope.type}>
                  {SUBJECT_LABELS[envelope.type] ?? envelope.type}
                </Link>
              </td>
              <td>
                <Link href={entity.href}>{entity.label}</Link>
                {envelope.actor ? <span className="muted"> by {envelope.actor}</span> : null}
              </td>
              <td className={`delivery delivery-${delivery.state}`}>
                <span
                  title={
                    entry.publishedAt === null ? undefined : `published ${formatDateTime(entry.publishedAt)}`
                  }
                >
                  {delivery.label}
                </span>
                {delivery.detail === null ? null : <p className="delivery-detail">{delivery.detail}</p>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
