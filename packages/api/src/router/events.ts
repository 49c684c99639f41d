import { SUBJECT_PATTERN } from "@statehub/events";
import { z } from "zod";
import { MAX_PAGE_LIMIT } from "../services/paging.js";
import { procedure, router } from "../trpc/procedures.js";
import { text } from "./inputs.js";

export const eventsRouter = router({
  /**
   * The event feed (the outbox), oldest first; `after` is a cursor from an entry or page.
   * Filters: `subject` (event type) and `entity` (the envelope's subject attribute: entity id).
   */
  list: procedure
    .input(
      z
        .strictObject({
          subject: z
            .string()
            .max(200)
            .regex(SUBJECT_PATTERN, "must be an event subject like org.statehub.repo.registered")
            .optional(),
          entity: text(200).optional(),
          after: z.string().min(1).max(200).optional(),
          limit: z.number().int().min(1).max(MAX_PAGE_LIMIT).optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => ctx.services.events.list(input)),
});
