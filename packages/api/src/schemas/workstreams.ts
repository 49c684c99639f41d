import { WorkstreamStatus } from "@statehub/events";
import { z } from "zod";
import { entityKey, id, pageOf, paging, repoName, slug, text, timestamp } from "./fields.js";
import { TITLE_MAX } from "./limits.js";

export const CreateWorkstreamInput = z
  .strictObject({
    /** Omitted: the hub derives one (`ws-` + the id's random tail). */
    key: entityKey().optional(),
    title: text(TITLE_MAX),
    domain: slug(),
    repo: repoName().optional(),
    status: WorkstreamStatus.optional(),
  })
  .meta({
    examples: [
      {
        key: "CHK-1",
        title: "One-click checkout",
        domain: "payments",
        repo: "acme/checkout",
        status: "active",
      },
    ],
  });
export type CreateWorkstreamInput = z.infer<typeof CreateWorkstreamInput>;

export const UpdateWorkstreamInput = z
  .strictObject({
    id: id(),
    title: text(TITLE_MAX).optional(),
    status: WorkstreamStatus.optional(),
    /** null detaches the workstream from its repo. */
    repo: repoName().nullable().optional(),
  })
  .meta({ examples: [{ id: "0196f3a2-5b7c-7d21-8e4f-3a2b1c0d9e8f", status: "completed" }] });
export type UpdateWorkstreamInput = z.infer<typeof UpdateWorkstreamInput>;

export const WorkstreamRef = z
  .union([z.strictObject({ id: id() }), z.strictObject({ key: entityKey() })], {
    error: "expected either { id } (a UUID) or { key } (a workstream key)",
  })
  .meta({ examples: [{ key: "CHK-1" }, { id: "0196f3a2-5b7c-7d21-8e4f-3a2b1c0d9e8f" }] });
export type WorkstreamRef = z.infer<typeof WorkstreamRef>;

export const ListWorkstreamsInput = z
  .strictObject({
    domain: slug().optional(),
    repo: repoName().optional(),
    status: WorkstreamStatus.optional(),
    ...paging,
  })
  .meta({ examples: [{ domain: "payments", status: "active" }] });
export type ListWorkstreamsInput = z.infer<typeof ListWorkstreamsInput>;

/** Where a synced workstream came from: the workplan file as last applied. */
export const WorkstreamSource = z.strictObject({
  repo: z.string(),
  path: z.string(),
  /** The commit the file was read at; null when the sync did not say. */
  commit: z.string().nullable(),
  /** sha256 of the file's bytes, hex. */
  contentHash: z.string(),
  syncedAt: timestamp(),
});
export type WorkstreamSource = z.infer<typeof WorkstreamSource>;

export const Workstream = z.strictObject({
  id: id(),
  key: z.string(),
  title: z.string(),
  domain: slug(),
  /** Name of the workstream's repo, null when it has none. */
  repo: z.string().nullable(),
  status: WorkstreamStatus,
  /** When the status last changed: "blocked since", "completed at". */
  statusChangedAt: timestamp(),
  /** The workplan file it was last synced from (workplans.sync); null when it never was. */
  source: WorkstreamSource.nullable(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
});
export type Workstream = z.infer<typeof Workstream>;

export const WorkstreamPage = pageOf(Workstream);
