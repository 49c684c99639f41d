import type { IncomingMessage } from "node:http";
import type { Logger } from "pino";
import type { Authenticator, AuthResult, Caller } from "../auth/authenticate.js";
import type { CallOrigin } from "../services/deps.js";
import type { Services } from "../services/index.js";

export interface Context {
  services: Services;
  auth: AuthResult;
  /** The authenticated caller; null when auth is off (or failed: procedures then refuse). */
  caller: Caller | null;
  /** Who and where, for the events a mutation records. */
  origin: CallOrigin;
  log: Logger;
  req: IncomingMessage;
}

export interface ContextDeps {
  services: Services;
  authenticate: Authenticator;
  source: string;
  log: Logger;
}

// Requests whose call(s) reached a procedure (which logs them itself); the HTTP layer logs the rest.
const procedureRequests = new WeakSet<IncomingMessage>();
export const markReachedProcedure = (req: IncomingMessage) => procedureRequests.add(req);
export const reachedProcedure = (req: IncomingMessage) => procedureRequests.has(req);

const CORRELATION_ID = /^[\w.:/-]{1,128}$/;

/** A correlation id the caller sent (X-Correlation-Id or X-Request-Id), when well-formed. */
function correlationIdOf(req: IncomingMessage): string | undefined {
  const raw = req.headers["x-correlation-id"] ?? req.headers["x-request-id"];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value !== undefined && CORRELATION_ID.test(value) ? value : undefined;
}

/** Builds the per-request context. Never throws: auth failures are refused by the procedures. */
export function createContextFactory(deps: ContextDeps) {
  return ({ req }: { req: IncomingMessage }): Context => {
    const auth = deps.authenticate(req.headers.authorization);
    const caller = auth.kind === "authenticated" ? auth.caller : null;
    const correlationId = correlationIdOf(req);
    return {
      services: deps.services,
      auth,
      caller,
      origin: {
        source: deps.source,
        ...(caller ? { actor: caller.name } : {}),
        ...(correlationId ? { correlationId } : {}),
      },
      log: deps.log,
      req,
    };
  };
}
