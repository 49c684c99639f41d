import { PROGRESS_ENTITY_TYPES } from "@statehub/db";
import { z } from "zod";
import { procedure, router } from "../trpc/procedures.js";
import { DESCRIPTION_MAX, id, paging, text } from "./inputs.js";

const EntityType = z.enum(PROGRESS_ENTITY_TYPES);

export const progressRouter = router({
  record: procedure
    .input(
      z.strictObject({
        entityType: EntityType,
        entityId: id(),
        message: text(DESCRIPTION_MAX),
        author: text(200).optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.progress.record(input, ctx.origin)),
  list: procedure
    .input(
      z.strictObject({ entityType: EntityType.optional(), entityId: id().optional(), ...paging }).optional(),
    )
    .query(({ ctx, input }) => ctx.services.progress.list(input)),
});
