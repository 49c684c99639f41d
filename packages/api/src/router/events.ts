import { z } from "zod";
import { MAX_PAGE_LIMIT } from "../services/paging.js";
import { procedure, router } from "../trpc/procedures.js";

export const eventsRouter = router({
  /** The event log (the outbox), oldest first or newest first; `after` is a cursor from an entry or page. */
  list: procedure
    .input(
      z
        .strictObject({
          subject: z
            .string()
            .max(200)
            .regex(/^[a-z0-9.]+$/, "must be an event subject like org.statehub.repo.registered")
            .optional(),
          after: z.string().min(1).max(200).optional(),
          limit: z.number().int().min(1).max(MAX_PAGE_LIMIT).optional(),
          order: z.enum(["oldest", "newest"]).optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => ctx.services.events.list(input)),
});
