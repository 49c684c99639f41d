import { initTRPC } from "@trpc/server";
import { z } from "zod";
import type { Context } from "./context.js";
import { errorDetails, INTERNAL_MESSAGE, invalidInputMessage } from "./errors.js";

/** What every procedure says about itself; docs/openapi.json is written from it. */
export interface ProcedureMeta {
  /** One line: what the call does. */
  summary: string;
  /** More, when one line is not enough (idempotency, events it records). */
  description?: string;
  /**
   * Domain errors the call can answer besides the ones every call can (BAD_REQUEST,
   * UNAUTHORIZED, FORBIDDEN for mutations, INTERNAL_SERVER_ERROR, SERVICE_UNAVAILABLE).
   */
  errors?: readonly ("NOT_FOUND" | "CONFLICT")[];
  /**
   * `write` for a read meant for operators only (e.g. the full envelopes of parked events):
   * with tokens configured it needs a write token, like a mutation. Mutations always need write.
   */
  scope?: "write";
}

/** The scope a call needs: `write` for mutations and for reads marked `scope: "write"` in their meta. */
export const scopeOf = (type: string, meta: ProcedureMeta | undefined): "read" | "write" =>
  type === "mutation" || meta?.scope === "write" ? "write" : "read";

/**
 * tRPC with no transformer: plain JSON on the wire, so any HTTP client can call the hub.
 * The error formatter drops stack traces always (not only in production) and adds details.
 */
export const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    errorFormatter({ shape, error }) {
      const { stack: _stack, ...data } = shape.data;
      let message = shape.message;
      if (error.cause instanceof z.ZodError) message = invalidInputMessage(error.cause);
      if (error.code === "INTERNAL_SERVER_ERROR") message = INTERNAL_MESSAGE;
      return { ...shape, message, data: { ...data, ...errorDetails(error) } };
    },
  });
