import { EventLogPage, ListEventsInput } from "../schemas/index.js";
import { procedure, router } from "../trpc/procedures.js";

export const eventsRouter = router({
  /**
   * The event feed (the outbox), oldest first; `after` is a cursor from an entry or page.
   * Filters: `subject` (event type) and `entity` (the envelope's subject attribute: entity id).
   */
  list: procedure
    .meta({
      summary: "Read the hub's event feed, oldest first",
      description:
        "Every event the hub recorded (the outbox), with its delivery state (pending, published with its stream sequence, or parked with the reason). Resume with `after` set to an entry's cursor or a page's nextCursor: a reader that resumes sees every committed event exactly once, in one stable order (writers' transaction order, then recording order). Filter by `subject` (event type) and `entity` (the envelope's subject attribute, the entity id).",
    })
    .input(ListEventsInput.optional())
    .output(EventLogPage)
    .query(({ ctx, input }) => ctx.services.events.list(input)),
});
