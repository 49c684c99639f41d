import { createHash } from "node:crypto";

export type TokenScope = "read" | "write";

/** A configured API token. Only its SHA-256 digest is kept in memory after start-up. */
export interface ApiToken {
  name: string;
  scope: TokenScope;
  digest: Buffer;
}

export class TokenConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TokenConfigError";
  }
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MIN_TOKEN_LENGTH = 16;

export const digestToken = (token: string): Buffer => createHash("sha256").update(token, "utf8").digest();

/**
 * Parses `STATEHUB_API_TOKENS` (`name:token:scope,…`). Errors name the entry by position and
 * name, never by its token. Token names become event actors, so they are restricted to a
 * plain identifier shape.
 */
export function parseApiTokens(raw: string | undefined): ApiToken[] {
  if (raw === undefined || raw.trim() === "") return [];
  const tokens: ApiToken[] = [];
  const names = new Set<string>();
  const digests = new Set<string>();
  raw.split(",").forEach((entry, index) => {
    const where = `entry ${index + 1}`;
    const parts = entry.trim().split(":");
    if (parts.length !== 3) {
      throw new TokenConfigError(`${where} must be name:token:scope (found ${parts.length} part(s))`);
    }
    const [name = "", token = "", scope = ""] = parts;
    if (!NAME.test(name)) {
      throw new TokenConfigError(`${where}: the name must be 1-64 characters of letters, digits, . _ -`);
    }
    if (token.length < MIN_TOKEN_LENGTH) {
      throw new TokenConfigError(
        `${where} (${name}): the token must be at least ${MIN_TOKEN_LENGTH} characters`,
      );
    }
    if (scope !== "read" && scope !== "write") {
      throw new TokenConfigError(`${where} (${name}): the scope must be read or write`);
    }
    if (names.has(name)) throw new TokenConfigError(`${where}: the name ${name} is used twice`);
    const digest = digestToken(token);
    if (digests.has(digest.toString("hex")))
      throw new TokenConfigError(`${where} (${name}): the token is used twice`);
    names.add(name);
    digests.add(digest.toString("hex"));
    tokens.push({ name, scope, digest });
  });
  return tokens;
}
