import { describe, expect, it } from "vitest";
import { SUBJECT_PATTERN } from "./catalog/index.js";
import { dataSchemaUri, parseDataSchemaUri } from "./envelope.js";

describe("dataschema URIs", () => {
  it("name the subject and its major version", () => {
    expect(dataSchemaUri("org.statehub.repo.registered", 3)).toBe(
      "urn:statehub:event:org.statehub.repo.registered:v3",
    );
    expect(parseDataSchemaUri("urn:statehub:event:org.statehub.task.stale:v12")).toEqual({
      subject: "org.statehub.task.stale",
      version: 12,
    });
  });

  it.each([
    "urn:statehub:event:org.statehub.task.stale:v0",
    "urn:statehub:event:org.statehub.task.stale:v01",
    "urn:statehub:event:org.statehub.task.stale:1",
    "urn:statehub:event::v1",
    "urn:statehub:event:Org.statehub.task.stale:v1",
    "urn:statehub:event:org.statehub.task.stale:v1 ",
    "xurn:statehub:event:org.statehub.task.stale:v1",
    "",
  ])("%j is not one", (uri) => {
    expect(parseDataSchemaUri(uri)).toBeUndefined();
  });
});

describe("SUBJECT_PATTERN", () => {
  it.each(["org.statehub.repo.registered", "org.statehub.domain.goal.activated"])("accepts %s", (subject) => {
    expect(subject).toMatch(SUBJECT_PATTERN);
  });

  it.each([
    "org.statehub.repo",
    "org.statehub.a.b.c.d",
    "org.statehub.repo.registered.",
    "org.statehub..registered",
    "org_statehub.repo.registered",
    "xorg.statehub.repo.registered",
    "org.statehub.repo2.registered",
  ])("rejects %s", (subject) => {
    expect(subject).not.toMatch(SUBJECT_PATTERN);
  });
});
