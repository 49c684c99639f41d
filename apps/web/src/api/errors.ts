import { TRPCClientError } from "@trpc/client";

// One place that turns a failed call into what a person should read. The hub answers in
// tRPC's JSON error shape; a network failure or a proxy's HTML page has no such data.

type ProblemKind = "unauthorized" | "forbidden" | "not-found" | "unreachable" | "unavailable" | "failed";

interface Problem {
  kind: ProblemKind;
  /** One sentence for the page. */
  message: string;
}

interface HubErrorData {
  code?: string;
  httpStatus?: number;
}

function dataOf(error: unknown): HubErrorData | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data: unknown = error.data;
  return typeof data === "object" && data !== null ? (data as HubErrorData) : undefined;
}

export function isUnauthorized(error: unknown): boolean {
  const data = dataOf(error);
  return data?.code === "UNAUTHORIZED" || data?.httpStatus === 401;
}

export function describeProblem(error: unknown): Problem {
  const data = dataOf(error);
  if (data?.code === "UNAUTHORIZED" || data?.httpStatus === 401) {
    return { kind: "unauthorized", message: "The hub needs a valid read token for this." };
  }
  if (data?.code === "FORBIDDEN") {
    return { kind: "forbidden", message: "This token may not read this." };
  }
  if (data?.code === "NOT_FOUND") {
    const detail = error instanceof Error ? error.message : "";
    return { kind: "not-found", message: detail || "Not found." };
  }
  if (data?.code === "SERVICE_UNAVAILABLE") {
    return { kind: "unavailable", message: "The hub cannot reach its database right now." };
  }
  if (data === undefined || data.code === undefined) {
    return { kind: "unreachable", message: "The hub did not answer." };
  }
  const detail = error instanceof Error && error.message ? `: ${error.message}` : "";
  return { kind: "failed", message: `The hub refused the request (${data.code})${detail}` };
}
