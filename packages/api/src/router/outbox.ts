import {
  DiscardParkedInput,
  DiscardParkedResult,
  ListParkedInput,
  OutboxStatus,
  OutboxStatusInput,
  ParkedEventPage,
  RetryParkedInput,
  RetryParkedResult,
} from "../schemas/index.js";
import { procedure, router } from "../trpc/procedures.js";

export const outboxRouter = router({
  status: procedure
    .meta({
      summary: "Delivery health: is the hub publishing, its backlog, parked events",
      description:
        "NATS state as the relay sees it, events waiting to be published and the oldest one's recording time, and the events NATS refused for good (parked).",
    })
    .input(OutboxStatusInput.optional())
    .output(OutboxStatus)
    .query(({ ctx }) => ctx.services.outbox.status()),
  parked: procedure
    .meta({
      summary: "List the events NATS refused for good, oldest first",
      description:
        "Parked events with their full envelopes and why they were refused. Operators only: with tokens configured it needs a write token.",
      scope: "write",
    })
    .input(ListParkedInput.optional())
    .output(ParkedEventPage)
    .query(({ ctx, input }) => ctx.services.outbox.parked(input)),
  retry: procedure
    .meta({
      summary: "Put parked events back in the queue",
      description:
        "After the cause is fixed (a larger max_payload, a stream that covers the subject, a permission): `{ ids }` or `{ all: true }`. The relay publishes each exactly once (JetStream de-duplicates by the envelope id). Ids that are not parked are reported and left alone; an unknown id is NOT_FOUND.",
      errors: ["NOT_FOUND"],
    })
    .input(RetryParkedInput)
    .output(RetryParkedResult)
    .mutation(({ ctx, input }) => ctx.services.outbox.retry(input)),
  discard: procedure
    .meta({
      summary: "Delete parked events for good",
      description:
        "Only parked events can be discarded: any other id is refused with CONFLICT (an unknown one with NOT_FOUND) and nothing is deleted. A discarded event never reaches NATS and leaves the event log.",
      errors: ["NOT_FOUND", "CONFLICT"],
    })
    .input(DiscardParkedInput)
    .output(DiscardParkedResult)
    .mutation(({ ctx, input }) => ctx.services.outbox.discard(input)),
});
