import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";

/** A workplan file larger than this is refused before it is parsed. */
const MAX_FILE_BYTES = 1024 * 1024;

export type ReadResult =
  | { kind: "ok"; bytes: Buffer; text: string; contentHash: string }
  | { kind: "error"; message: string };

/**
 * Reads a workplan file: at most MAX_FILE_BYTES (a larger file is refused unread), UTF-8, and
 * its content hash (sha256 of the bytes, hex), which tells the hub whether it changed.
 * Synchronous: a CLI reading a thousand small files spends less on plain reads than on
 * promises and thread-pool round trips.
 */
export function readWorkplanFile(path: string): ReadResult {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    return {
      kind: "error",
      message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? error})`,
    };
  }
  try {
    const { size } = fstatSync(fd);
    if (size > MAX_FILE_BYTES) return tooLarge(size);
    const bytes = readFileSync(fd);
    // The file may have grown between stat and read.
    if (bytes.length > MAX_FILE_BYTES) return tooLarge(bytes.length);
    if (!isUtf8(bytes)) return { kind: "error", message: "is not UTF-8 text" };
    return {
      kind: "ok",
      bytes,
      text: bytes.toString("utf8"),
      contentHash: createHash("sha256").update(bytes).digest("hex"),
    };
  } finally {
    closeSync(fd);
  }
}

function tooLarge(size: number): ReadResult {
  return {
    kind: "error",
    message: `is ${size} bytes, over the limit of ${MAX_FILE_BYTES} bytes (1 MiB) for a workplan`,
  };
}
