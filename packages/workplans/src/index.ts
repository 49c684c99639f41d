export { DEFAULT_URL, parseSyncArgs, type SyncArgs, USAGE } from "./cli/args.js";
export { type CliIo, runWorkplansCli } from "./cli/main.js";
export { formatIssue, type WorkplanIssue } from "./format/issue.js";
export { type ParsedWorkplan, parseWorkplan } from "./format/parse.js";
export { KEYS, type Workplan, type WorkplanTask } from "./format/workplan.js";
export { type HubIds, WriteIdsError, writeIds } from "./format/write-ids.js";
export { runSync, type SyncEnvironment } from "./sync/run.js";
export { type FileLine, formatSummary, type SyncSummary } from "./sync/summary.js";
