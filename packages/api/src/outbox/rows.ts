/** postgres.js returns an array of rows; PGlite a `{ rows }` result. */
export function rowsOf<R>(result: unknown): R[] {
  if (Array.isArray(result)) return result as R[];
  return ((result as { rows?: R[] }).rows ?? []) as R[];
}

/** A timestamp column read through raw SQL: a Date (postgres.js) or a string (PGlite). */
export function dateOrNull(value: string | Date | null | undefined): Date | null {
  return value === null || value === undefined ? null : new Date(value);
}
