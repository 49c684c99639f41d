import { isUtf8 } from "node:buffer";
import type { IncomingMessage } from "node:http";

export type BodyResult =
  | { kind: "ok"; text: string | undefined }
  | { kind: "too-large" }
  | { kind: "invalid-utf8" }
  | { kind: "aborted" };

/**
 * Reads a request body of at most `maxBytes` and checks that it is UTF-8. Decoding it the
 * usual way would turn invalid bytes into U+FFFD and store that silently; a caller sending
 * e.g. Latin-1 should hear that its request is wrong instead. Stops reading (and answers
 * "too-large") as soon as the limit is passed, whether or not a length was declared.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      req.off("data", onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        settle({ kind: "too-large" });
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => {
      const body = Buffer.concat(chunks, size);
      if (body.length === 0) settle({ kind: "ok", text: undefined });
      else if (!isUtf8(body)) settle({ kind: "invalid-utf8" });
      else settle({ kind: "ok", text: body.toString("utf8") });
    });
    req.once("error", () => settle({ kind: "aborted" }));
    req.once("close", () => settle({ kind: "aborted" }));
  });
}
