import { type AnyColumn, and, asc, gt, type SQL } from "drizzle-orm";
import { InvalidInputError } from "../domain/errors.js";
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, type Page } from "../schemas/fields.js";

export { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, type Page };

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

/** The column a list is ordered by, and how a row's position in that order becomes a cursor. */
interface Keyset<Row> {
  column: AnyColumn;
  decode(cursor: string): string | number;
  cursorOf(row: Row): string;
}

/** Ordered by a UUIDv7 id column: creation order. */
export function idKeyset<Row>(column: AnyColumn, idOf: (row: Row) => string): Keyset<Row> {
  return { column, decode: (cursor) => decodeIdCursor(cursor), cursorOf: (row) => encodeIdCursor(idOf(row)) };
}

interface KeysetListSpec<Row, Item> {
  request: PageRequest;
  keyset: Keyset<Row>;
  /** The list's filters, undefined ones ignored; computed after the cursor is checked. */
  filters?: () => Array<SQL | undefined> | Promise<Array<SQL | undefined>>;
  /** The select with its joins, given the combined condition, the order and the row limit. */
  fetch(where: SQL | undefined, orderBy: SQL, limit: number): PromiseLike<Row[]>;
  toItem(row: Row): Item;
}

/**
 * Every list of the API: keyset paging on one ordered column (after the cursor, if any), the
 * filters, `limit + 1` rows to learn whether another page exists, and the next page's cursor.
 */
export async function keysetList<Row, Item>(spec: KeysetListSpec<Row, Item>): Promise<Page<Item>> {
  const { request, keyset } = spec;
  const limit = pageLimit(request.limit);
  const after = request.cursor === undefined ? undefined : gt(keyset.column, keyset.decode(request.cursor));
  const filters = (await spec.filters?.()) ?? [];
  const rows = await spec.fetch(and(after, ...filters), asc(keyset.column), limit + 1);
  return toPage(rows, limit, spec.toItem, keyset.cursorOf);
}
