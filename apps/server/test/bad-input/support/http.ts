import { request } from "node:http";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/**
 * One HTTP request with full control over the bytes sent (raw Buffers, any content type,
 * no client-side validation), as a hostile caller would send it. fetch cannot send some of
 * these (e.g. a declared length that lies), so this uses node:http directly.
 */
export function rawRequest(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? (options.body === undefined ? "GET" : "POST"), headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

const JSON_HEADERS = { "content-type": "application/json" };

/** Calls a mutation the way tRPC's HTTP protocol does: POST /trpc/<path> with a JSON body. */
export function postProcedure(
  baseUrl: string,
  path: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return rawRequest(baseUrl, `/trpc/${path}`, {
    method: "POST",
    headers: { ...JSON_HEADERS, ...headers },
    ...(input === undefined ? {} : { body: JSON.stringify(input) }),
  });
}

/** Calls a query: GET /trpc/<path>?input=<JSON>. */
export function getProcedure(
  baseUrl: string,
  path: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return rawRequest(baseUrl, `/trpc/${path}${query}`, { headers });
}

/** Calls a procedure with the HTTP method its type needs. */
export function callProcedure(
  baseUrl: string,
  procedure: { path: string; type: "query" | "mutation" },
  input: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return procedure.type === "mutation"
    ? postProcedure(baseUrl, procedure.path, input, headers)
    : getProcedure(baseUrl, procedure.path, input, headers);
}

interface TrpcErrorBody {
  error?: {
    message?: string;
    data?: {
      code?: string;
      httpStatus?: number;
      fieldErrors?: unknown;
      formErrors?: unknown;
      stack?: unknown;
    };
  };
}

/** The tRPC error of a response body, if it has one. */
export function trpcError(response: RawResponse): TrpcErrorBody["error"] | undefined {
  return (response.json as TrpcErrorBody | undefined)?.error;
}
