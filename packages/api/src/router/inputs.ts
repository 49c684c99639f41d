import { z } from "zod";
import { MAX_PAGE_LIMIT } from "../services/paging.js";

// Input building blocks shared by the routers: strict shapes, bounded lengths, validated ids.
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

export const slug = () =>
  z
    .string()
    .min(1)
    .max(64)
    .regex(
      /^[a-z0-9][a-z0-9-]*$/,
      "must be lowercase letters, digits and -, starting with a letter or digit",
    );

export const repoName = () =>
  z
    .string()
    .min(1)
    .max(200)
    .regex(
      /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/,
      "must be letters, digits, . _ - with / between segments (e.g. org/service)",
    );

export const entityKey = () =>
  z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be letters, digits, . _ -, starting with a letter or digit");

export const branch = () =>
  z
    .string()
    .min(1)
    .max(200)
    .regex(/^\S+$/, "must not contain whitespace")
    .refine(noNul, "must not contain NUL characters")
    .refine(wellFormed, NOT_WELL_FORMED);

export const url = () => text(2000);

/** Paging fields of every list: an opaque cursor from a previous page and a limit. */
export const paging = {
  cursor: z.string().min(1).max(200).optional(),
  limit: z.number().int().min(1).max(MAX_PAGE_LIMIT).optional(),
};

export const TITLE_MAX = 500;
export const DESCRIPTION_MAX = 10_000;
