import { describe, expect, expectTypeOf, it } from "vitest";
import { createEnvelope } from "./create.js";
import type { Envelope } from "./envelope.js";
import { ContractViolation } from "./errors.js";
import { parseEnvelope } from "./parse.js";

const repoId = "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d12";
const repoData = { repoId, name: "org/svc", domain: "platform", url: null, defaultBranch: "main" };

describe("createEnvelope", () => {
  it("builds a repo.registered envelope that parses back", () => {
    const envelope = createEnvelope("org.statehub.repo.registered", repoData, {
      time: new Date("2026-01-02T03:04:05.000Z"),
      actor: "ci",
    });
    expectTypeOf(envelope).toEqualTypeOf<Envelope<"org.statehub.repo.registered">>();
    expect(envelope.subject).toBe(repoId);
    expect(envelope.dataschema).toBe("urn:statehub:event:org.statehub.repo.registered:v1");
    const parsed = parseEnvelope(JSON.stringify(envelope));
    expect(parsed).toEqual({ ok: true, envelope });
  });

  it("fills every attribute: the given ones as given, the rest with the contract's defaults", () => {
    expect(
      createEnvelope("org.statehub.repo.registered", repoData, {
        id: "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d99",
        time: "2026-01-02T03:04:05+01:00",
        source: "/statehub/eu-1",
        correlationId: "req-42",
        actor: "ci",
      }),
    ).toEqual({
      specversion: "1.0",
      id: "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d99",
      source: "/statehub/eu-1",
      type: "org.statehub.repo.registered",
      subject: repoId,
      time: "2026-01-02T03:04:05+01:00",
      datacontenttype: "application/json",
      dataschema: "urn:statehub:event:org.statehub.repo.registered:v1",
      correlationid: "req-42",
      actor: "ci",
      data: repoData,
    });
  });

  it("leaves out the extensions it was not given, and defaults the source", () => {
    const envelope = createEnvelope("org.statehub.task.stale", staleData, {
      time: new Date(Date.UTC(2026, 0, 2)),
    });
    expect(envelope.source).toBe("/statehub");
    expect(envelope.time).toBe("2026-01-02T00:00:00.000Z");
    expect(envelope.subject).toBe("0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d16");
    expect(Object.keys(envelope).sort()).toEqual([
      "data",
      "datacontenttype",
      "dataschema",
      "id",
      "source",
      "specversion",
      "subject",
      "time",
      "type",
    ]);
  });

  it("keeps only the data fields of the schema", () => {
    const envelope = createEnvelope(
      "org.statehub.repo.registered",
      { ...repoData, extra: 1 } as typeof repoData,
      { time: "2026-01-02T03:04:05Z" },
    );
    expect(envelope.data).toEqual(repoData);
  });

  it("a data mismatch is a ContractViolation with the field and zod's reason", () => {
    const call = () =>
      createEnvelope(
        "org.statehub.repo.registered",
        { ...repoData, repoId: "r-1" },
        { time: "2026-01-02T03:04:05Z" },
      );
    expect(call).toThrow(ContractViolation);
    expect(call).toThrow(
      expect.objectContaining({
        name: "ContractViolation",
        message: "data does not fit org.statehub.repo.registered: data.repoId: Invalid UUID",
        issues: [{ path: "data.repoId", message: "Invalid UUID" }],
      }),
    );
  });

  it("an attribute mismatch is a ContractViolation about the envelope", () => {
    const call = () =>
      createEnvelope("org.statehub.repo.registered", repoData, { time: new Date(Number.NaN), actor: "" });
    expect(call).toThrow(
      expect.objectContaining({
        name: "ContractViolation",
        message:
          "envelope does not fit org.statehub.repo.registered: time: Invalid ISO datetime; actor: Too small: expected string to have >=1 characters",
        issues: [
          { path: "time", message: "Invalid ISO datetime" },
          { path: "actor", message: "Too small: expected string to have >=1 characters" },
        ],
      }),
    );
  });
});

const staleData = {
  taskId: "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d16",
  key: "T-7",
  title: "Write the relay",
  status: "in_progress" as const,
  workstreamId: "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d13",
  lastUpdatedAt: "2025-12-01T00:00:00+01:00",
  thresholdDays: 14,
};
