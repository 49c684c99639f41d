import { SLUG_MAX, SLUG_PATTERN } from "@statehub/events";

// The API's limits on what a caller names and writes: one home for the API's input schemas
// (fields.ts) and for the workplan CLI, which checks a file against them before it sends
// anything, so that a bad file is reported with its line and column instead of as a refused
// request. Plain values, no zod: the CLI bundles this module into a bin that runs with Node alone
// (`@statehub/api/limits`). A domain slug travels in events, so the contract owns its rule.

/** A name's rule: 1 to `max` characters matching `pattern`, which `rule` says in words. */
export interface NameRule {
  max: number;
  pattern: RegExp;
  rule: string;
}

/** A domain's slug. */
export const SLUG: NameRule = {
  max: SLUG_MAX,
  pattern: SLUG_PATTERN,
  rule: "lowercase letters, digits and -, starting with a letter or digit",
};

/** A workstream's or a task's key. */
export const KEY: NameRule = {
  max: 100,
  pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
  rule: "letters, digits, . _ -, starting with a letter or digit",
};

export const REPO_NAME: NameRule = {
  max: 200,
  pattern: /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/,
  rule: "letters, digits, . _ - with / between segments (e.g. org/service)",
};

export const BRANCH_MAX = 200;
export const URL_MAX = 2000;
export const TITLE_MAX = 500;
export const DESCRIPTION_MAX = 10_000;

/** Bounds of one workplans.sync / workplans.check request: the CLI sends batches well inside them. */
export const SYNC_MAX_FILES = 200;
export const SYNC_MAX_TASKS_PER_FILE = 1_000;
export const SYNC_MAX_CHECKED_FILES = 5_000;
