import { EventLogPage, ListEventsInput } from "../schemas/index.js";
import { procedure, router } from "../trpc/procedures.js";

export const eventsRouter = router({
  /** The event log (the outbox), oldest first; `after` is a cursor from an entry or page. */
  list: procedure
    .meta({
      summary: "Read the hub's event log, oldest first",
      description:
        "Every event the hub recorded (the outbox), with its delivery state. Resume with `after` set to an entry's cursor or a page's nextCursor.",
    })
    .input(ListEventsInput.optional())
    .output(EventLogPage)
    .query(({ ctx, input }) => ctx.services.events.list(input)),
});
