import type { ServerResponse } from "node:http";

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(payload);
}

/** An error body shaped like tRPC's own, so tRPC clients read it like any other error. */
export function trpcStyleError(code: string, jsonRpcCode: number, httpStatus: number, message: string) {
  return { error: { message, code: jsonRpcCode, data: { code, httpStatus } } };
}
