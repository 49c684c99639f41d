import { isDatabaseUnavailable, isUniqueViolation } from "@statehub/db";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { ConflictError, InvalidInputError, StateHubError, type StateHubErrorCode } from "../domain/errors.js";

// The one place where failures become API errors. Domain errors carry their meaning as a
// class; everything unrecognised is INTERNAL_SERVER_ERROR with a generic message (details go
// to the server log, never to the caller).

const DATABASE_UNAVAILABLE_MESSAGE = "database unavailable: the hub cannot reach its database, retry later";
export const INTERNAL_MESSAGE = "internal server error";

/** How each kind of domain failure reaches the caller. */
const API_CODE_OF: Record<StateHubErrorCode, TRPCError["code"]> = {
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  INVALID_INPUT: "BAD_REQUEST",
};

/** Classifies an error thrown by a procedure. TRPCErrors raised on purpose pass through. */
export function toApiError(error: TRPCError): TRPCError {
  if (error.code !== "INTERNAL_SERVER_ERROR") return error;
  const cause = error.cause ?? error;
  if (cause instanceof StateHubError) {
    return new TRPCError({ code: API_CODE_OF[cause.code], message: cause.message, cause });
  }
  if (isDatabaseUnavailable(cause)) {
    return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: DATABASE_UNAVAILABLE_MESSAGE, cause });
  }
  if (isUniqueViolation(cause)) {
    return new TRPCError({
      code: "CONFLICT",
      message: "a concurrent request created the same entity, retry",
      cause,
    });
  }
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: INTERNAL_MESSAGE, cause });
}

interface ErrorDetails {
  fieldErrors?: Record<string, string[]>;
  formErrors?: string[];
  currentState?: string;
}

/** Machine-readable details for `error.data`: per-field messages, the current state of a conflict. */
export function errorDetails(error: TRPCError): ErrorDetails {
  const cause = error.cause;
  if (cause instanceof z.ZodError) {
    const flat = z.flattenError(cause);
    return { fieldErrors: flat.fieldErrors as Record<string, string[]>, formErrors: flat.formErrors };
  }
  if (cause instanceof InvalidInputError) return { fieldErrors: cause.fieldErrors, formErrors: [] };
  if (cause instanceof ConflictError && cause.currentState !== undefined)
    return { currentState: cause.currentState };
  return {};
}

/** A readable one-line message for invalid input, instead of zod's JSON dump of issues. */
export function invalidInputMessage(error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join(".");
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : "";
  return `invalid input: ${parts.join("; ")}${more}`;
}
