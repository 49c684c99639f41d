import type { ServerResponse } from "node:http";

/** Writes the status line and headers of a JSON answer; returns the body to write after them. */
export function writeJsonHead(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): string {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    "cache-control": "no-store",
    ...headers,
  });
  return payload;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.end(writeJsonHead(res, status, body, headers));
}

/** An error body shaped like tRPC's own, so tRPC clients read it like any other error. */
export function trpcStyleError(code: string, jsonRpcCode: number, httpStatus: number, message: string) {
  return { error: { message, code: jsonRpcCode, data: { code, httpStatus } } };
}
