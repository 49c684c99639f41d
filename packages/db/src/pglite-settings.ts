/**
 * Postgres settings the embedded database starts with, on top of PGlite's own
 * (`PGlite.defaultStartParams`: single-user mode, `-F`, no parallel or background workers).
 *
 * PGlite runs one backend inside a WebAssembly heap that never shrinks, and Postgres's shared
 * memory is allocated (and zero-filled, so resident) from that heap at start: with initdb's
 * defaults ~150 MB of it before the first query. Measured on a reopened directory (PGlite
 * alone): 290 MB RSS with the defaults, 160 MB with these two settings (bench/README.md has the
 * hub's figures).
 *
 * Neither touches durability. What "durable" means here: a commit returns after its WAL
 * records are written to the data directory's files (Node's `fs`, synchronous_commit on), so
 * an acknowledged write survives the process being killed (replayed from the WAL at the next
 * open). It does not survive the machine losing power before the OS writes its cache back:
 * Emscripten's fsync is a no-op and PGlite passes `-F` (fsync off); `relaxedDurability` only
 * changes browser file systems, where PGlite syncs after each query.
 */
export const PGLITE_SETTINGS: Readonly<Record<string, string>> = {
  // The buffer cache (initdb's default: 128 MB). Pages not in it are read back from the data
  // files, which the OS caches anyway; the hub's working set is far smaller. WAL buffers follow
  // (1/32 of it).
  shared_buffers: "16MB",
  // Sizes per-connection shared structures (process slots, lock and predicate-lock tables),
  // default 100. PGlite has exactly one backend; 10 is above superuser_reserved_connections
  // (3) and still leaves a shared lock table of ~2,400 slots (64 per process slot) for the
  // one transaction or migration running at a time.
  max_connections: "10",
};

/** PGlite's start parameters (`PGlite.defaultStartParams`) with PGLITE_SETTINGS added. */
export function pgliteStartParams(defaults: readonly string[]): string[] {
  return [
    ...defaults,
    ...Object.entries(PGLITE_SETTINGS).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
  ];
}
