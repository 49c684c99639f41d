import { ListProgressInput, ProgressNote, ProgressNotePage, RecordProgressInput } from "../schemas/index.js";
import { procedure, router } from "../trpc/procedures.js";

export const progressRouter = router({
  record: procedure
    .meta({ summary: "Record a progress note on any entity" })
    .input(RecordProgressInput)
    .output(ProgressNote)
    .mutation(({ ctx, input }) => ctx.services.progress.record(input, ctx.origin)),
  list: procedure
    .meta({ summary: "List progress notes, oldest first, by entity" })
    .input(ListProgressInput.optional())
    .output(ProgressNotePage)
    .query(({ ctx, input }) => ctx.services.progress.list(input)),
});
