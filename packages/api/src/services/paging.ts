import { InvalidInputError } from "../domain/errors.js";

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 500;

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` to get the next page; null when this page is the last. */
  nextCursor: string | null;
}

export interface PageRequest {
  cursor?: string | undefined;
  limit?: number | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Cursors are opaque to callers (base64url), so the encoding can change without breaking them.
// Id cursors work because ids are UUIDv7: ordering by id is a stable creation order.

export function encodeIdCursor(id: string): string {
  return Buffer.from(`id:${id}`).toString("base64url");
}

export function decodeIdCursor(cursor: string, field = "cursor"): string {
  const decoded = Buffer.from(cursor, "base64url").toString("utf8");
  const id = decoded.startsWith("id:") ? decoded.slice(3) : "";
  if (!UUID.test(id))
    throw new InvalidInputError(field, "malformed cursor (pass back a nextCursor unchanged)");
  return id;
}

export function encodePositionCursor(position: number): string {
  return Buffer.from(`pos:${position}`).toString("base64url");
}

export function decodePositionCursor(cursor: string, field = "cursor"): number {
  const decoded = Buffer.from(cursor, "base64url").toString("utf8");
  const match = /^pos:(\d{1,15})$/.exec(decoded);
  if (!match?.[1]) throw new InvalidInputError(field, "malformed cursor (pass back a cursor unchanged)");
  return Number(match[1]);
}

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_LIMIT;
  return Math.min(Math.max(1, Math.trunc(limit)), MAX_PAGE_LIMIT);
}

/** Rows were fetched with `limit + 1`: the extra row only tells that another page exists. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  toItem: (row: R) => T,
  cursorOf: (row: R) => string,
): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(toItem),
    nextCursor: hasMore && last !== undefined ? cursorOf(last) : null,
  };
}
