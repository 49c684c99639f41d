import { z } from "zod";
import { BRANCH_MAX, KEY, type NameRule, REPO_NAME, SLUG, URL_MAX } from "./limits.js";

// Building blocks of the API's schemas. Inputs: strict shapes, bounded lengths, validated ids.
// Text is stored exactly as sent (no trimming); NUL is refused because Postgres cannot store it,
// and so are lone UTF-16 surrogates (valid JSON escapes such as "\ud800" that have no UTF-8
// form): stored, they would silently become U+FFFD.

const noNul = (value: string) => !value.includes("\u0000");
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (value: string) => !LONE_SURROGATE.test(value);
const NOT_WELL_FORMED = "must be valid unicode (no lone surrogates)";

export const text = (max: number) =>
  z
    .string()
    .min(1, "must not be empty")
    .max(max)
    .refine(noNul, "must not contain NUL characters")
    .refine(wellFormed, NOT_WELL_FORMED);

export const id = () => z.uuid("must be a UUID");

/** A name checked against its rule, the one the workplan CLI checks a file against too. */
const named = (rule: NameRule) => z.string().min(1).max(rule.max).regex(rule.pattern, `must be ${rule.rule}`);

export const slug = () => named(SLUG);
export const repoName = () => named(REPO_NAME);
export const entityKey = () => named(KEY);

export const branch = () =>
  z
    .string()
    .min(1)
    .max(BRANCH_MAX)
    .regex(/^\S+$/, "must not contain whitespace")
    .refine(noNul, "must not contain NUL characters")
    .refine(wellFormed, NOT_WELL_FORMED);

export const url = () => text(URL_MAX);

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 500;

/** How many items a page holds: default 50, at most 500. */
export const pageLimit = () => z.number().int().min(1).max(MAX_PAGE_LIMIT);

/** Paging fields of every list: an opaque cursor from a previous page and a limit. */
export const paging = {
  cursor: z.string().min(1).max(200).optional(),
  limit: pageLimit().optional(),
};

// Outputs: what the services return, exactly (strict objects: a field a service adds without
// declaring it here fails output validation). Dates travel as ISO 8601 strings, optional
// values as explicit nulls (the API has no transformer).

/** An instant as the hub writes it: ISO 8601 in UTC with milliseconds (Date.toISOString). */
export const timestamp = () => z.iso.datetime();

/** One page of a list: the items and the cursor of the next page (null on the last one). */
export const pageOf = <Item extends z.ZodType>(item: Item) =>
  z.strictObject({
    items: z.array(item),
    nextCursor: z.string().nullable(),
  });

export type Page<T> = { items: T[]; nextCursor: string | null };

/** The input of a call about one entity by its id. */
export const ById = z
  .strictObject({ id: id() })
  .meta({ examples: [{ id: "0196f3a2-8f30-7c5d-b142-6d7e8f9a0b12" }] });
export type ById = z.infer<typeof ById>;
