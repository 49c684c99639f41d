import { z } from "zod";
import { branch, id, pageOf, paging, repoName, slug, timestamp, url } from "./fields.js";

export const RegisterRepoInput = z.strictObject({
  name: repoName(),
  domain: slug(),
  url: url().optional(),
  /** Omitted: "main". */
  defaultBranch: branch().optional(),
});
export type RegisterRepoInput = z.infer<typeof RegisterRepoInput>;

export const RepoRef = z.union([z.strictObject({ id: id() }), z.strictObject({ name: repoName() })], {
  error: "expected either { id } (a UUID) or { name } (a repo name)",
});
export type RepoRef = z.infer<typeof RepoRef>;

export const ListReposInput = z.strictObject({ domain: slug().optional(), ...paging });
export type ListReposInput = z.infer<typeof ListReposInput>;

export const Repo = z.strictObject({
  id: id(),
  name: z.string(),
  domain: slug(),
  url: z.string().nullable(),
  defaultBranch: z.string(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
});
export type Repo = z.infer<typeof Repo>;

export const RepoPage = pageOf(Repo);
