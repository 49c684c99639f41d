// The API's limits for what a workplan becomes (workstream and task keys, titles, domain
// slugs, repo names). The CLI checks them first so that a bad file is reported with its
// line and column instead of as a refused request.
//
// They repeat the API's input rules (packages/api/src/schemas/fields.ts) because this package
// is bundled into a bin that runs with only Node and must not pull in the API's code. The
// end-to-end suite (apps/server/test/workplans/bad-input.test.ts) syncs a key and a title
// exactly at these limits through the real API, and the parser's tests refuse one more.

export const TITLE_MAX = 500;
export const KEY_MAX = 100;
export const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const KEY_RULE = "letters, digits, . _ -, starting with a letter or digit";
export const SLUG_MAX = 64;
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
export const SLUG_RULE = "lowercase letters, digits and -, starting with a letter or digit";
export const REPO_NAME_MAX = 200;
export const REPO_NAME_PATTERN = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;
export const REPO_NAME_RULE = "letters, digits, . _ - with / between segments (e.g. org/service)";

/** A workplan file larger than this is refused before it is parsed. */
export const MAX_FILE_BYTES = 1024 * 1024;
