import { parseArgs } from "node:util";

export const USAGE = `usage: statehub workplans sync [options] <files or folders…>

Parses workplan files (markdown with YAML frontmatter, type: workplan) and syncs them into a
statehub: each file becomes a workstream and its tasks. Folders are walked for *.md files;
files without type: workplan are skipped.

options:
  --url URL      the hub (default: $STATEHUB_URL, else http://127.0.0.1:4000)
  --token T      an API token with write scope (default: $STATEHUB_TOKEN)
  --repo NAME    the repo the files live in (default: each file's repo:); also reports
                 workstreams synced from that repo whose file is gone (orphans)
  --ref SHA      the commit the files are at (default: git rev-parse HEAD, in a git work tree)
  --write-ids    write state_hub_workstream_id / state_hub_task_id into the files
  --prune        cancel orphans and tasks dropped from a file (needs --repo for orphans)
  --dry-run      report what would change; write nothing anywhere
  --json         print the report as JSON
  -h, --help     this text`;

export interface SyncArgs {
  url: string;
  token: string | undefined;
  repo: string | undefined;
  ref: string | undefined;
  writeIds: boolean;
  prune: boolean;
  dryRun: boolean;
  json: boolean;
  paths: string[];
}

type ParsedArgs =
  | { kind: "sync"; args: SyncArgs }
  | { kind: "help" }
  | { kind: "usage-error"; message: string };

export const DEFAULT_URL = "http://127.0.0.1:4000";

/** `sync [options] paths…`, with STATEHUB_URL / STATEHUB_TOKEN from the environment. */
export function parseSyncArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedArgs {
  if (argv.length === 0 || argv[0] === "-h" || argv[0] === "--help" || argv[0] === "help")
    return { kind: "help" };
  if (argv[0] !== "sync")
    return { kind: "usage-error", message: `unknown command "${argv[0]}" (expected sync)` };
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv.slice(1));
  } catch (error) {
    return { kind: "usage-error", message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: "help" };
  if (positionals.length === 0)
    return { kind: "usage-error", message: "name the workplan files or folders to sync" };
  const url = values.url ?? nonEmpty(env.STATEHUB_URL) ?? DEFAULT_URL;
  if (!/^https?:\/\/[^/]/i.test(url)) {
    return { kind: "usage-error", message: "--url (or STATEHUB_URL) must be an http:// or https:// URL" };
  }
  for (const [name, value] of [
    ["--repo", values.repo],
    ["--ref", values.ref],
    ["--token", values.token],
  ] as const) {
    if (value !== undefined && value.trim() === "")
      return { kind: "usage-error", message: `${name} must not be empty` };
  }
  return {
    kind: "sync",
    args: {
      url,
      token: values.token ?? nonEmpty(env.STATEHUB_TOKEN),
      repo: values.repo,
      ref: values.ref,
      writeIds: values["write-ids"] ?? false,
      prune: values.prune ?? false,
      dryRun: values["dry-run"] ?? false,
      json: values.json ?? false,
      paths: positionals,
    },
  };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      url: { type: "string" },
      token: { type: "string" },
      repo: { type: "string" },
      ref: { type: "string" },
      "write-ids": { type: "boolean" },
      prune: { type: "boolean" },
      "dry-run": { type: "boolean" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
