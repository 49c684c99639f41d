import { z } from "zod";
import { rfc3339DateTime } from "../date-time.js";

// Field shapes shared by several data schemas, so that an id or a timestamp means the same
// thing in every event.
export const entityId = (what: string) => z.uuid().describe(`id of the ${what}`);
export const timestamp = (what: string) => rfc3339DateTime().describe(what);
/** A slug (a domain's, an ActivityDefinition's id): lowercase letters, digits and -, not starting with -. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
export const SLUG_MAX = 64;
export const domainSlug = () =>
  z.string().min(1).max(SLUG_MAX).regex(SLUG_PATTERN).describe("slug of the domain");
export const text = (what: string, max = 500) => z.string().min(1).max(max).describe(what);
