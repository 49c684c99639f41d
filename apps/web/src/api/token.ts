// The read token lives in sessionStorage only: it survives a reload but not the browser
// session, and it is never put in a URL, a log or localStorage.

const STORAGE_KEY = "statehub.token";

type TokenCheck = { ok: true; token: string } | { ok: false; reason: string };

/** What the user typed, as a token: trimmed, a pasted "Bearer " prefix dropped. */
export function normaliseToken(input: string): TokenCheck {
  const token = input
    .trim()
    .replace(/^Bearer(\s+|$)/i, "")
    .trim();
  if (token === "") return { ok: false, reason: "Enter a token." };
  if (/\s/.test(token)) return { ok: false, reason: "A token has no spaces in it." };
  if (token.length > 1000) return { ok: false, reason: "That is too long to be a token." };
  return { ok: true, token };
}

export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface TokenStore {
  get(): string | undefined;
  set(token: string): void;
  clear(): void;
}

/** A token store over sessionStorage; when storage is unavailable (privacy mode), in memory. */
export function createTokenStore(storage: TokenStorage | undefined): TokenStore {
  let memory: string | undefined;
  return {
    get() {
      try {
        return storage?.getItem(STORAGE_KEY) ?? memory;
      } catch {
        return memory;
      }
    },
    set(token) {
      memory = token;
      try {
        storage?.setItem(STORAGE_KEY, token);
      } catch {
        // storage refused (quota, privacy mode): the in-memory copy lasts until a reload
      }
    },
    clear() {
      memory = undefined;
      try {
        storage?.removeItem(STORAGE_KEY);
      } catch {
        // nothing stored
      }
    },
  };
}
