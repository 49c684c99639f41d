import { type AnyEnvelope, EnvelopeAttributes, SUBJECT_PATTERN } from "@statehub/events";
import { z } from "zod";
import { pageLimit, pageOf, text, timestamp } from "./fields.js";

export const ListEventsInput = z
  .strictObject({
    subject: z
      .string()
      .max(200)
      .regex(SUBJECT_PATTERN, "must be an event subject like org.statehub.repo.registered")
      .optional(),
    /** Only events about this entity: the envelope's `subject` attribute (the entity's id). */
    entity: text(200).optional(),
    /** A cursor from a previous entry or page: only events after it in the chosen order. */
    after: z.string().min(1).max(200).optional(),
    limit: pageLimit().optional(),
    /**
     * "oldest" (the default): the feed's order, what a consumer resumes from; "newest": the same
     * order reversed, newest first, as a person reads a log (`after` then continues towards older events).
     */
    order: z.enum(["oldest", "newest"]).optional(),
  })
  .meta({ examples: [{ subject: "org.statehub.repo.registered", limit: 100 }] });
export type ListEventsInput = z.infer<typeof ListEventsInput>;

// The envelope as recorded: its attributes are the contract's; `data` is described by the JSON
// Schema its `dataschema` names (served at /schemas/<subject>/v<N>.json), not repeated here, so
// an entry recorded under an older published version still fits. The static type stays the
// contract's discriminated union, which is what the hub writes.
export const EventEnvelope = EnvelopeAttributes.extend({
  data: z
    .record(z.string(), z.unknown())
    .describe("the subject's payload; its JSON Schema is the one `dataschema` names"),
}).describe(
  "A CloudEvents 1.0 envelope as the hub published it (JSON Schema: /schemas/envelope.json); its data fits the schema its dataschema names, served at /schemas/<subject>/v<N>.json.",
) as unknown as z.ZodType<AnyEnvelope>;

/** Where an event stands on its way to NATS (see outbox/delivery.ts). */
export const Delivery = z.strictObject({
  state: z
    .enum(["pending", "published", "parked"])
    .describe(
      "pending: not in the stream yet; published: acknowledged by JetStream; parked: NATS refused it for good",
    ),
  /** Publish attempts so far (a published event counts the one that succeeded). */
  attempts: z.number().int().min(0),
  /** The last failure or refusal; null once published. */
  lastError: z.string().nullable(),
  parkedReason: z.string().nullable(),
  parkedAt: timestamp().nullable(),
});
export type Delivery = z.infer<typeof Delivery>;

/** One entry of the hub's event log: the CloudEvents envelope as published, plus its delivery state. */
export const EventLogEntry = z.strictObject({
  /** Resume reading after this entry by passing it as `after`. */
  cursor: z.string(),
  envelope: EventEnvelope,
  /** When the relay had the event acknowledged by JetStream; null while unpublished. */
  publishedAt: timestamp().nullable(),
  streamSequence: z.number().int().nullable(),
  /** Pending, published or parked, with the attempts so far and why the last one failed. */
  delivery: Delivery,
});
export type EventLogEntry = z.infer<typeof EventLogEntry>;

export const EventLogPage = pageOf(EventLogEntry);
