import { describe, expect, it } from "vitest";
import { maskUrl, maskUrlsIn } from "./mask-url.js";

describe("maskUrl", () => {
  it.each([
    ["postgres://app:s3cret@db.internal:5432/hub", "postgres://app:***@db.internal:5432/hub"],
    ["postgresql://db.internal/hub", "postgresql://db.internal/hub"],
    ["nats://hubuser:s3cret@127.0.0.1:4222", "nats://hubuser:***@127.0.0.1:4222"],
    ["nats://s3cret-token@127.0.0.1:4222", "nats://***@127.0.0.1:4222"],
    ["nats://127.0.0.1:4222", "nats://127.0.0.1:4222"],
  ])("%s → %s", (url, masked) => {
    expect(maskUrl(url)).toBe(masked);
  });

  it("masks every entry of a list, with or without a scheme", () => {
    expect(maskUrl("nats://a:s3cret@n1:4222, b:s3cret2@n2:4222,n3:4222")).toBe(
      "nats://a:***@n1:4222,b:***@n2:4222,n3:4222",
    );
    expect(maskUrl("postgres://app:s3cret@h1:5432,h2:5432/hub")).toBe(
      "postgres://app:***@h1:5432,h2:5432/hub",
    );
  });

  it("replaces an entry it cannot parse as a whole", () => {
    expect(maskUrl("nats://a:s3cret@[bad:4222")).toBe("(unparseable URL)");
  });
});

describe("maskUrlsIn", () => {
  it("masks each URL inside a message and leaves the rest alone", () => {
    expect(
      maskUrlsIn(
        'connect ECONNREFUSED for "postgres://app:s3cret@db:5432/hub" via nats://tok@n1:4222 (retrying)',
      ),
    ).toBe('connect ECONNREFUSED for "postgres://app:***@db:5432/hub" via nats://***@n1:4222 (retrying)');
  });
});
