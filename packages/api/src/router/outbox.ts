import { z } from "zod";
import { operatorProcedure, procedure, router } from "../trpc/procedures.js";
import { id, paging } from "./inputs.js";

/** Ids per retry or discard call: one page of `outbox.parked` at most. */
const eventIds = () => z.array(id()).min(1, "name at least one event id").max(500);

export const outboxRouter = router({
  /** Is the hub publishing, how far behind is it, and is anything parked (the dashboard's view). */
  status: procedure.input(z.strictObject({}).optional()).query(({ ctx }) => ctx.services.outbox.status()),
  /** Events the relay gave up on (NATS refused them for good), oldest first. Write scope. */
  parked: operatorProcedure
    .input(z.strictObject(paging).optional())
    .query(({ ctx, input }) => ctx.services.outbox.parked(input)),
  /** Puts parked events back in the queue: `{ ids }` or `{ all: true }`. */
  retry: procedure
    .input(z.union([z.strictObject({ ids: eventIds() }), z.strictObject({ all: z.literal(true) })]))
    .mutation(({ ctx, input }) => ctx.services.outbox.retry(input)),
  /** Deletes parked events for good (only parked ones: anything else is refused). */
  discard: procedure
    .input(z.strictObject({ ids: eventIds() }))
    .mutation(({ ctx, input }) => ctx.services.outbox.discard(input)),
});
