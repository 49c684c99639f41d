import { describe, expect, it } from "vitest";
import { createAuth } from "./auth.js";
import { createTokenStore, normaliseToken, type TokenStorage } from "./token.js";

function memoryStorage(): TokenStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

describe("normaliseToken", () => {
  it("trims what was typed and drops a pasted Bearer prefix", () => {
    expect(normaliseToken("  abc123  ")).toEqual({ ok: true, token: "abc123" });
    expect(normaliseToken("Bearer abc123")).toEqual({ ok: true, token: "abc123" });
    expect(normaliseToken("bearer\tabc123\n")).toEqual({ ok: true, token: "abc123" });
  });

  it("refuses what cannot be a token, saying why", () => {
    expect(normaliseToken("   ")).toEqual({ ok: false, reason: "Enter a token." });
    expect(normaliseToken("Bearer ")).toEqual({ ok: false, reason: "Enter a token." });
    expect(normaliseToken("two words")).toEqual({ ok: false, reason: "A token has no spaces in it." });
    expect(normaliseToken("x".repeat(1001))).toEqual({
      ok: false,
      reason: "That is too long to be a token.",
    });
  });
});

describe("createTokenStore", () => {
  it("keeps the token in the storage it is given, under one key, and forgets it", () => {
    const storage = memoryStorage();
    const store = createTokenStore(storage);
    expect(store.get()).toBeUndefined();
    store.set("secret-1");
    expect([...storage.items.entries()]).toEqual([["statehub.token", "secret-1"]]);
    expect(createTokenStore(storage).get()).toBe("secret-1"); // a reload reads it back
    store.clear();
    expect(storage.items.size).toBe(0);
    expect(store.get()).toBeUndefined();
  });

  it("falls back to memory when storage throws (disabled, or full)", () => {
    const failing: TokenStorage = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
      removeItem: () => {
        throw new Error("SecurityError");
      },
    };
    const store = createTokenStore(failing);
    store.set("secret-2");
    expect(store.get()).toBe("secret-2");
    store.clear();
    expect(store.get()).toBeUndefined();
    const none = createTokenStore(undefined);
    none.set("secret-3");
    expect(none.get()).toBe("secret-3");
  });
});

describe("createAuth", () => {
  it("asks when the hub refuses, says whether a token it had was refused, and stops asking once accepted", () => {
    const storage = memoryStorage();
    const auth = createAuth(createTokenStore(storage));
    let notified = 0;
    auth.subscribe(() => {
      notified += 1;
    });
    expect(auth.state()).toEqual({ asking: false, previousTokenRefused: false });

    auth.refused();
    expect(auth.state()).toEqual({ asking: true, previousTokenRefused: false });
    auth.refused(); // every call of a batch is refused: one prompt, one notification
    expect(notified).toBe(1);

    auth.accepted("good-token");
    expect(auth.state()).toEqual({ asking: false, previousTokenRefused: false });
    expect(auth.token()).toBe("good-token");

    auth.refused(); // later rotated away
    expect(auth.state()).toEqual({ asking: true, previousTokenRefused: true });
    expect(auth.token()).toBeUndefined();
    expect(storage.items.size).toBe(0);
    expect(notified).toBe(3);
  });
});
