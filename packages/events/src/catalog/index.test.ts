import { describe, expect, it } from "vitest";
import { definitionOf, isSubject } from "./index.js";

describe("isSubject", () => {
  it("is true for a subject in the catalog only", () => {
    expect(isSubject("org.statehub.task.stale")).toBe(true);
    expect(isSubject("org.statehub.task.deleted")).toBe(false);
    expect(isSubject("toString")).toBe(false);
  });

  it("is false for a value that is not a string, even one that prints as a subject", () => {
    expect(isSubject(["org.statehub.task.stale"])).toBe(false);
    expect(isSubject({ toString: () => "org.statehub.task.stale" })).toBe(false);
    expect(isSubject(undefined)).toBe(false);
  });
});

describe("definitionOf", () => {
  it("returns the catalog entry of a subject", () => {
    const definition = definitionOf("org.statehub.task.stale");
    expect(definition.subject).toBe("org.statehub.task.stale");
    expect(definition.version).toBe(1);
  });
});
