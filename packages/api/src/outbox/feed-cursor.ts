import { InvalidInputError } from "../domain/errors.js";

/** Where a reader of the event feed stands: after the row with this (txid, position). */
interface FeedCursor {
  /** The writing transaction's id (xid8) as a decimal string: it does not fit a JS number. */
  txid: string;
  position: number;
}

const MAX_XID8 = (1n << 64n) - 1n;

// Opaque to callers (base64url). `tx:{txid}:{position}` since migration 0003; a cursor handed
// out before it reads `pos:{position}` and meant "after this position", which is (0, position)
// now: rows written before the migration have txid 0 and keep their old order by position.

export function encodeFeedCursor(cursor: FeedCursor): string {
  return Buffer.from(`tx:${cursor.txid}:${cursor.position}`).toString("base64url");
}

export function decodeFeedCursor(cursor: string, field = "after"): FeedCursor {
  const decoded = Buffer.from(cursor, "base64url").toString("utf8");
  const current = /^tx:(\d{1,20}):(\d{1,15})$/.exec(decoded);
  if (current?.[1] && current[2] && BigInt(current[1]) <= MAX_XID8) {
    return { txid: BigInt(current[1]).toString(), position: Number(current[2]) };
  }
  const legacy = /^pos:(\d{1,15})$/.exec(decoded);
  if (legacy?.[1]) return { txid: "0", position: Number(legacy[1]) };
  throw new InvalidInputError(field, "malformed cursor (pass back a cursor unchanged)");
}
