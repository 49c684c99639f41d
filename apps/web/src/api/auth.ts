import type { TokenStore } from "./token.js";

// Whether the dashboard must ask for a token. The hub says so (a 401); the dashboard never
// guesses from configuration it cannot see: with auth off, nothing is ever asked.

export interface AuthState {
  /** The token prompt is open. */
  asking: boolean;
  /** A token this tab had was refused (revoked or rotated), as opposed to none given yet. */
  previousTokenRefused: boolean;
}

export interface Auth {
  token(): string | undefined;
  state(): AuthState;
  subscribe(listener: () => void): () => void;
  /** A call was answered 401: forget the token, ask for one. */
  refused(): void;
  /** The hub accepted this token: keep it for the session, close the prompt. */
  accepted(token: string): void;
}

export function createAuth(tokens: TokenStore): Auth {
  let state: AuthState = { asking: false, previousTokenRefused: false };
  const listeners = new Set<() => void>();
  const set = (next: AuthState) => {
    if (next.asking === state.asking && next.previousTokenRefused === state.previousTokenRefused) return;
    state = next;
    for (const listener of listeners) listener();
  };
  return {
    token: () => tokens.get(),
    state: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    refused() {
      const hadToken = tokens.get() !== undefined;
      tokens.clear();
      set({ asking: true, previousTokenRefused: hadToken || state.previousTokenRefused });
    },
    accepted(token) {
      tokens.set(token);
      set({ asking: false, previousTokenRefused: false });
    },
  };
}
