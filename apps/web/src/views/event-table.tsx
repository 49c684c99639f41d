import type { EventEntry } from "../api/types.js";
import { Ago, useNow } from "../components/bits.js";
import { formatDateTime } from "../format/time.js";
import { SUBJECT_LABELS } from "../labels.js";
import { Link } from "../routing/router.js";
import { href } from "../routing/routes.js";
import { deliveryOf, entityLinkOf } from "./event-model.js";

/** Events as a table: when, subject, the entity it is about (linked), delivery state. */
export function EventTable({ entries }: { entries: EventEntry[] }) {
  const now = useNow();
  return (
    <table className="events">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Subject</th>
          <th scope="col">About</th>
          <th scope="col">Delivery</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const { envelope } = entry;
          const entity = entityLinkOf(envelope);
          const delivery = deliveryOf(entry);
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
                {delivery.state === "published" ? (
                  <span title={`published ${formatDateTime(delivery.publishedAt)}`}>
                    Published
                    {delivery.streamSequence === null ? null : (
                      <span className="muted"> #{delivery.streamSequence}</span>
                    )}
                  </span>
                ) : (
                  <span>Pending</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
