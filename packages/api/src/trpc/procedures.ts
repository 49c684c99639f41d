import { TRPCError, type TRPCProcedureType } from "@trpc/server";
import { z } from "zod";
import { procedureCalls, procedureDuration } from "../metrics.js";
import { type Context, markReachedProcedure } from "./context.js";
import { invalidInputMessage, toApiError } from "./errors.js";
import { type ProcedureMeta, scopeOf, t } from "./init.js";

/** One log line and the metrics for a procedure call, whatever its outcome. */
function observe(ctx: Context, path: string, type: TRPCProcedureType, durationMs: number, error?: TRPCError) {
  const outcome = error ? error.code : "ok";
  procedureCalls.inc({ procedure: path, type, outcome });
  procedureDuration.observe({ procedure: path, outcome }, durationMs / 1000);
  const line = {
    procedure: path,
    type,
    outcome,
    durationMs: Math.round(durationMs * 100) / 100,
    caller: ctx.caller?.name,
  };
  if (!error) ctx.log.info(line, "request");
  else if (outcome === "INTERNAL_SERVER_ERROR")
    ctx.log.error({ ...line, err: error.cause }, "request failed");
  else {
    const cause = error.cause;
    const message = cause instanceof z.ZodError ? invalidInputMessage(cause) : error.message;
    ctx.log.info({ ...line, error: message }, "request refused");
  }
}

/**
 * With tokens configured, every call needs a valid token, and mutations (and operator reads,
 * see ProcedureMeta.scope) need `write` scope. Checked before input validation, so an
 * unauthenticated caller learns nothing about inputs.
 */
function authorizationRefusal(ctx: Context, type: TRPCProcedureType, meta: ProcedureMeta | undefined) {
  const { auth } = ctx;
  if (auth.kind === "missing") {
    return new TRPCError({ code: "UNAUTHORIZED", message: "missing Authorization: Bearer <token>" });
  }
  if (auth.kind === "invalid") return new TRPCError({ code: "UNAUTHORIZED", message: "invalid token" });
  if (auth.kind === "authenticated" && scopeOf(type, meta) === "write" && auth.caller.scope !== "write") {
    return readScopeRefused(auth.caller.name);
  }
  return undefined;
}

/**
 * Every call, in one middleware: authorised, run (input validation, the procedure, output
 * validation), its domain and database errors turned into API errors (trpc/errors.ts), and
 * observed. One middleware rather than three, because tRPC copies the context at every
 * middleware step: those copies were 5 % of the hub's CPU under tasks.list load.
 */
const callGate = t.middleware(async ({ ctx, path, type, meta, next }) => {
  markReachedProcedure(ctx.req);
  const started = performance.now();
  const refusal = authorizationRefusal(ctx, type, meta);
  const result = refusal ? undefined : await next();
  if (result?.ok) {
    observe(ctx, path, type, performance.now() - started);
    return result;
  }
  const error = refusal ?? toApiError((result as { error: TRPCError }).error);
  observe(ctx, path, type, performance.now() - started, error);
  throw error;
});

function readScopeRefused(tokenName: string): TRPCError {
  return new TRPCError({
    code: "FORBIDDEN",
    message: `token ${tokenName} has read scope; this call needs write`,
  });
}

/** The base of every procedure: queries and mutations alike are observed, mapped and authorised. */
export const procedure = t.procedure.use(callGate);

export const router = t.router;
