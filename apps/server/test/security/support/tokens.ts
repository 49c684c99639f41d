import type { TestToken } from "../../support/server.js";

/** A writer and a reader, with tokens long enough for the config and easy to search for in logs. */
export const WRITER: TestToken = { name: "writer", token: "w-token-0123456789abcdef-SECRET", scope: "write" };
export const READER: TestToken = { name: "reader", token: "r-token-0123456789abcdef-SECRET", scope: "read" };

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The STATEHUB_API_TOKENS value for these tokens. */
export const tokensEnv = (tokens: TestToken[]) =>
  tokens.map((t) => `${t.name}:${t.token}:${t.scope}`).join(",");
