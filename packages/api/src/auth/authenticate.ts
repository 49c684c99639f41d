import { timingSafeEqual } from "node:crypto";
import { type ApiToken, digestToken, type TokenScope } from "./tokens.js";

export interface Caller {
  /** The token's configured name: logged, and the `actor` of the events the call records. */
  name: string;
  scope: TokenScope;
}

export type AuthResult =
  | { kind: "disabled" }
  | { kind: "missing" }
  | { kind: "invalid" }
  | { kind: "authenticated"; caller: Caller };

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * Resolves an Authorization header against the configured tokens. The presented token is
 * hashed and compared against every configured digest with timingSafeEqual, without an
 * early exit: the time taken depends neither on how much of a token matches, nor on its
 * length, nor on which entry matched.
 */
export function createAuthenticator(tokens: readonly ApiToken[]) {
  return (authorization: string | undefined): AuthResult => {
    if (tokens.length === 0) return { kind: "disabled" };
    if (authorization === undefined || authorization === "") return { kind: "missing" };
    const presented = BEARER.exec(authorization)?.[1];
    if (presented === undefined) return { kind: "invalid" };
    const digest = digestToken(presented);
    let match: ApiToken | undefined;
    for (const token of tokens) {
      const equal = timingSafeEqual(digest, token.digest);
      if (equal && match === undefined) match = token;
    }
    if (!match) return { kind: "invalid" };
    return { kind: "authenticated", caller: { name: match.name, scope: match.scope } };
  };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
