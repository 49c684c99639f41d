import { EventLogPage, ListEventsInput } from "../schemas/index.js";
import { procedure, router } from "../trpc/procedures.js";

export const eventsRouter = router({
  /** The event log (the outbox), oldest first; `after` is a cursor from an entry or page. */
  list: procedure
    .input(ListEventsInput.optional())
    .output(EventLogPage)
    .query(({ ctx, input }) => ctx.services.events.list(input)),
});
