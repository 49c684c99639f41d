import { z } from "zod";
import { branch, id, pageOf, paging, repoName, slug, timestamp, url } from "./fields.js";

export const RegisterRepoInput = z
  .strictObject({
    name: repoName(),
    domain: slug(),
    url: url().optional(),
    /** Omitted: "main". */
    defaultBranch: branch().optional(),
  })
  .meta({
    examples: [
      {
        name: "acme/checkout",
        domain: "payments",
        url: "https://git.example.com/acme/checkout",
        defaultBranch: "main",
      },
    ],
  });
export type RegisterRepoInput = z.infer<typeof RegisterRepoInput>;

export const RepoRef = z
  .union([z.strictObject({ id: id() }), z.strictObject({ name: repoName() })], {
    error: "expected either { id } (a UUID) or { name } (a repo name)",
  })
  .meta({ examples: [{ name: "acme/checkout" }, { id: "0196f3a2-9a41-7d6e-8253-7e8f9a0b1c23" }] });
export type RepoRef = z.infer<typeof RepoRef>;

export const ListReposInput = z
  .strictObject({ domain: slug().optional(), ...paging })
  .meta({ examples: [{ domain: "payments", limit: 50 }] });
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
