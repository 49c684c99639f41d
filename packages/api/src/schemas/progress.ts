import { PROGRESS_ENTITY_TYPES } from "@statehub/db";
import { z } from "zod";
import { id, pageOf, paging, text, timestamp } from "./fields.js";
import { DESCRIPTION_MAX } from "./limits.js";

export const ProgressEntityType = z.enum(PROGRESS_ENTITY_TYPES);

export const RecordProgressInput = z
  .strictObject({
    entityType: ProgressEntityType,
    entityId: id(),
    message: text(DESCRIPTION_MAX),
    /** Omitted: the caller's token name, when the call is authenticated. */
    author: text(200).optional(),
  })
  .meta({
    examples: [
      {
        entityType: "workstream",
        entityId: "0196f3a2-5b7c-7d21-8e4f-3a2b1c0d9e8f",
        message: "Form shipped behind a flag",
      },
    ],
  });
export type RecordProgressInput = z.infer<typeof RecordProgressInput>;

export const ListProgressInput = z
  .strictObject({
    entityType: ProgressEntityType.optional(),
    entityId: id().optional(),
    ...paging,
  })
  .meta({ examples: [{ entityType: "workstream", entityId: "0196f3a2-5b7c-7d21-8e4f-3a2b1c0d9e8f" }] });
export type ListProgressInput = z.infer<typeof ListProgressInput>;

export const ProgressNote = z.strictObject({
  id: id(),
  entityType: ProgressEntityType,
  entityId: id(),
  message: z.string(),
  author: z.string().nullable(),
  createdAt: timestamp(),
});
export type ProgressNote = z.infer<typeof ProgressNote>;

export const ProgressNotePage = pageOf(ProgressNote);
