import { describe, expect, expectTypeOf, it } from "vitest";
import { createEnvelope } from "./create.js";
import type { Envelope } from "./envelope.js";
import { parseEnvelope } from "./parse.js";

const repoId = "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d12";

describe("createEnvelope", () => {
  it("builds a repo.registered envelope that parses back", () => {
    const envelope = createEnvelope(
      "org.statehub.repo.registered",
      { repoId, name: "org/svc", domain: "platform", url: null, defaultBranch: "main" },
      { time: new Date("2026-01-02T03:04:05.000Z"), actor: "ci" },
    );
    expectTypeOf(envelope).toEqualTypeOf<Envelope<"org.statehub.repo.registered">>();
    expect(envelope.subject).toBe(repoId);
    expect(envelope.dataschema).toBe("urn:statehub:event:org.statehub.repo.registered:v1");
    const parsed = parseEnvelope(JSON.stringify(envelope));
    expect(parsed).toEqual({ ok: true, envelope });
  });
});
