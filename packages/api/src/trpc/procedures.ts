import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { procedureCalls, procedureDuration } from "../metrics.js";
import { markReachedProcedure } from "./context.js";
import { invalidInputMessage, toApiError } from "./errors.js";
import { scopeOf, t } from "./init.js";

/** Outermost: one log line and the metrics for every procedure call, whatever its outcome. */
const observe = t.middleware(async ({ ctx, path, type, next }) => {
  markReachedProcedure(ctx.req);
  const started = performance.now();
  const result = await next();
  const durationMs = performance.now() - started;
  const outcome = result.ok ? "ok" : result.error.code;
  procedureCalls.inc({ procedure: path, type, outcome });
  procedureDuration.observe({ procedure: path, outcome }, durationMs / 1000);
  const line = {
    procedure: path,
    type,
    outcome,
    durationMs: Math.round(durationMs * 100) / 100,
    caller: ctx.caller?.name,
  };
  if (result.ok) ctx.log.info(line, "request");
  else if (outcome === "INTERNAL_SERVER_ERROR")
    ctx.log.error({ ...line, err: result.error.cause }, "request failed");
  else {
    const cause = result.error.cause;
    const message = cause instanceof z.ZodError ? invalidInputMessage(cause) : result.error.message;
    ctx.log.info({ ...line, error: message }, "request refused");
  }
  return result;
});

/** Turns domain and database errors into API errors (see trpc/errors.ts). */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toApiError(result.error);
  return result;
});

/**
 * With tokens configured, every call needs a valid token, and mutations (and operator reads,
 * see ProcedureMeta.scope) need `write` scope. It runs before input validation, so an
 * unauthenticated caller learns nothing about inputs.
 */
const authorize = t.middleware(({ ctx, type, meta, next }) => {
  const { auth } = ctx;
  if (auth.kind === "missing") {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "missing Authorization: Bearer <token>" });
  }
  if (auth.kind === "invalid") throw new TRPCError({ code: "UNAUTHORIZED", message: "invalid token" });
  if (auth.kind === "authenticated" && scopeOf(type, meta) === "write" && auth.caller.scope !== "write") {
    throw readScopeRefused(auth.caller.name);
  }
  return next();
});

function readScopeRefused(tokenName: string): TRPCError {
  return new TRPCError({
    code: "FORBIDDEN",
    message: `token ${tokenName} has read scope; this call needs write`,
  });
}

/** The base of every procedure: queries and mutations alike are observed, mapped and authorised. */
export const procedure = t.procedure.use(observe).use(mapErrors).use(authorize);

export const router = t.router;
