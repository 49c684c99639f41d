import { SYNC_MAX_CHECKED_FILES, SYNC_MAX_FILES } from "@statehub/api/limits";
import type { StateHubClient } from "@statehub/client";
import type { FileReport, KnownFile, OrphanReport, SyncFileInput, SyncInput } from "./wire.js";

// The hub refuses request bodies over 1 MiB and a request should stay short: files go in
// batches of at most this many (well inside the API's bound), and this many bytes of JSON.
const BATCH_FILES = SYNC_MAX_FILES / 2;
const BATCH_BYTES = 512 * 1024;

const CHECK_BATCH = SYNC_MAX_CHECKED_FILES / 5;

/**
 * The files the hub last applied exactly as they are (same path and content hash): they need
 * no parsing and no sending. A failed check is no error: every file is then parsed and sent.
 */
export async function checkKnown(
  hub: StateHubClient,
  files: readonly { path: string; contentHash: string }[],
  repo: string | undefined,
): Promise<Map<string, KnownFile>> {
  const known = new Map<string, KnownFile>();
  for (let start = 0; start < files.length; start += CHECK_BATCH) {
    const batch = files
      .slice(start, start + CHECK_BATCH)
      .map(({ path, contentHash }) => ({ path, contentHash }));
    try {
      const answer = await hub.workplans.check.mutate({
        files: batch,
        ...(repo === undefined ? {} : { repo }),
      });
      for (const file of answer.known) known.set(file.path, file);
    } catch {
      return new Map();
    }
  }
  return known;
}

interface SendOptions {
  /** --repo given: the sync names its repo, so the hub reports (and may prune) orphans. */
  scope: SyncInput["scope"];
  prune: boolean;
  dryRun: boolean;
}

interface SendResult {
  reports: Map<string, FileReport>;
  /** Files the hub did not answer for (the request failed), with why. */
  failed: Map<string, string>;
  orphans: OrphanReport[];
  /** The orphan check did not run (its request failed). */
  orphansUnknown: string | undefined;
}

/**
 * Sends the files in batches, one request after another. Each file is applied on its own by
 * the hub; the scope (for orphans) rides on the last batch, after every file has been applied.
 */
export async function sendToHub(
  hub: StateHubClient,
  files: readonly SyncFileInput[],
  options: SendOptions,
): Promise<SendResult> {
  const result: SendResult = {
    reports: new Map(),
    failed: new Map(),
    orphans: [],
    orphansUnknown: undefined,
  };
  const batches = batch(files);
  if (batches.length === 0 && options.scope) batches.push([]);
  for (const [index, files] of batches.entries()) {
    const last = index === batches.length - 1;
    const input: SyncInput = {
      files,
      prune: options.prune,
      dryRun: options.dryRun,
      ...(last && options.scope ? { scope: options.scope } : {}),
    };
    try {
      const report = await withRetry(() => hub.workplans.sync.mutate(input));
      for (const file of report.files) result.reports.set(file.path, file);
      result.orphans.push(...report.orphans);
    } catch (error) {
      const message = describeHubError(error);
      for (const file of files) result.failed.set(file.source.path, message);
      if (last && options.scope) result.orphansUnknown = message;
    }
  }
  return result;
}

function batch(files: readonly SyncFileInput[]): SyncFileInput[][] {
  const batches: SyncFileInput[][] = [];
  let current: SyncFileInput[] = [];
  let bytes = 0;
  for (const file of files) {
    const size = Buffer.byteLength(JSON.stringify(file));
    if (current.length > 0 && (current.length >= BATCH_FILES || bytes + size > BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Retries a call that failed before the hub answered (no tRPC error code): typically a
 * keep-alive connection the hub closed while this process was parsing files. Safe, because
 * a sync is idempotent: files applied by the lost attempt come back unchanged.
 */
async function withRetry<T>(call: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const answered = (error as { data?: { code?: unknown } } | null)?.data?.code !== undefined;
      if (answered || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

/** One line about a failed call: the hub's message and code, or why it could not be reached. */
function describeHubError(error: unknown): string {
  const data = (error as { data?: { code?: string; fieldErrors?: Record<string, string[]> } } | null)?.data;
  const message = error instanceof Error ? error.message : String(error);
  if (data?.code) {
    const fields = Object.entries(data.fieldErrors ?? {})
      .map(([field, messages]) => `${field}: ${messages.join("; ")}`)
      .join(", ");
    return `the hub refused the request (${data.code}): ${fields || message}`;
  }
  // fetch wraps the reason (ECONNREFUSED, ENOTFOUND, a refused port, …) in causes.
  let reason = message;
  let cause: unknown = error;
  for (let depth = 0; depth < 5 && cause; depth += 1) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string") return `cannot reach the hub: ${code}`;
    if (cause instanceof Error) reason = cause.message;
    cause = (cause as { cause?: unknown }).cause;
  }
  return `cannot reach the hub: ${reason}`;
}
