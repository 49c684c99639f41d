import * as crypto from "node:crypto";
import { describe, expect, it, vi } from "vitest";

// The token check must not leak, through its timing, how much of a token matched or which
// configured token matched. A timing measurement would be flaky, so the property is checked
// structurally: both sides are hashed to equal-length digests and compared with
// timingSafeEqual, against every configured token, with no early exit.

vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const { createAuthenticator } = await import("./authenticate.js");
const { parseApiTokens } = await import("./tokens.js");

const TOKENS = parseApiTokens(
  "first:aaaaaaaaaaaaaaaaaaaaaaaa:write,middle:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb:read,last:cccccccccccccccccccccccccccccccccccccccc:write",
);
const sha256 = (value: string) => crypto.createHash("sha256").update(value, "utf8").digest();

describe("token comparison is constant-time by construction", () => {
  const authenticate = createAuthenticator(TOKENS);
  const compare = vi.mocked(crypto.timingSafeEqual);

  it.each([
    ["the first token", "aaaaaaaaaaaaaaaaaaaaaaaa", "first"],
    ["the last token", "cccccccccccccccccccccccccccccccccccccccc", "last"],
    ["a prefix of a token", "aaaaaaaaaaaaaaaaaaaaaaa", undefined],
    ["a token with one wrong last character", "aaaaaaaaaaaaaaaaaaaaaaab", undefined],
    ["a one-character token", "a", undefined],
    ["a very long token", "c".repeat(10_000), undefined],
  ])("%s: compared as SHA-256 digests against every configured token", (_label, presented, matched) => {
    compare.mockClear();
    const result = authenticate(`Bearer ${presented}`);
    if (matched) {
      expect(result).toEqual({ kind: "authenticated", caller: expect.objectContaining({ name: matched }) });
    } else {
      expect(result).toEqual({ kind: "invalid" });
    }
    // One comparison per configured token, whichever matched (no early exit)...
    expect(compare).toHaveBeenCalledTimes(TOKENS.length);
    const presentedDigest = sha256(presented);
    compare.mock.calls.forEach(([left, right], index) => {
      // ...of fixed-length digests (the presented token's length does not matter)...
      expect(Buffer.from(left as Uint8Array)).toEqual(presentedDigest);
      expect((right as Uint8Array).byteLength).toBe(32);
      // ...against each configured token in turn.
      expect(Buffer.from(right as Uint8Array)).toEqual(TOKENS[index]?.digest);
    });
  });

  it("configured tokens are kept only as digests, never as plain text", () => {
    for (const token of TOKENS) {
      expect(Object.keys(token).sort()).toEqual(["digest", "name", "scope"]);
      expect(token.digest.byteLength).toBe(32);
    }
  });
});
