import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineEvent } from "../../catalog/define.js";
import type { EventDefinition } from "../../catalog/index.js";
import { dataJsonSchema, envelopeJsonSchema } from "../json-schema.js";
import { parseDataSchemaFile } from "../paths.js";
import { checkContract, formatReport } from "./check.js";
import type { PublishedFile } from "./published.js";

const thing: EventDefinition = defineEvent({
  subject: "org.statehub.thing.done",
  version: 1,
  description: "A thing was done.",
  firesWhen: "a thing is done",
  data: z.object({ thingId: z.string(), note: z.string().max(10) }),
  entityId: (data) => data.thingId,
});
const V1 = "org.statehub.thing.done/v1.json";

function published(origin: string, file = V1, version = 1, schema = dataJsonSchema(thing)): PublishedFile {
  return { file, subject: "org.statehub.thing.done", version, schema, origin };
}

function check(current: EventDefinition[], files: PublishedFile[], onDisk: [string, string][]) {
  return checkContract({
    current: current.map((definition) => ({ definition, schema: dataJsonSchema(definition) })),
    currentEnvelope: envelopeJsonSchema(),
    published: files,
    onDisk: new Map(onDisk),
  }).map(formatReport);
}

const diskV1: [string, string] = [V1, JSON.stringify(dataJsonSchema(thing))];

describe("checkContract reports", () => {
  it("one report per finding, however many refs published the same file", () => {
    const narrowed = { ...thing, data: z.object({ thingId: z.string(), note: z.string().max(5) }) };
    expect(check([narrowed], [published("HEAD"), published("origin/main")], [diskV1])).toEqual([
      'org.statehub.thing.done v1 field "note": constraint-tightened: maxLength 10 -> 5 [published at HEAD]',
    ]);
  });

  it("a removed subject is reported once, not once per published version or ref", () => {
    const v2 = published("HEAD", "org.statehub.thing.done/v2.json", 2);
    expect(check([], [published("HEAD"), v2, published("origin/main")], [diskV1])).toEqual([
      "org.statehub.thing.done v1: subject-removed: subject is published but no longer in the catalog (consumers still handle it) [published at HEAD]",
      "org.statehub.thing.done v2: published-version-removed: schemas/org.statehub.thing.done/v2.json is published and must stay (published versions are never deleted) [published at HEAD]",
    ]);
  });

  it("an older version's file is compared as JSON, not as text", () => {
    const v2 = { ...thing, version: 2 };
    const reformatted: [string, string] = [V1, JSON.stringify(dataJsonSchema(thing), null, 4)];
    expect(check([v2], [published("HEAD")], [reformatted])).toEqual([]);
    expect(check([v2], [published("HEAD")], [[V1, "{ not json"]])).toEqual([
      "org.statehub.thing.done v1: published-version-modified: schemas/org.statehub.thing.done/v1.json differs from the published file; restore it (git checkout HEAD -- packages/events/schemas/org.statehub.thing.done/v1.json) [published at HEAD]",
    ]);
  });

  it("the envelope file missing from disk is reported, and formatted without a version", () => {
    const envelope: PublishedFile = {
      file: "envelope.json",
      subject: "envelope",
      version: undefined,
      schema: envelopeJsonSchema(),
      origin: "HEAD",
    };
    expect(check([], [envelope], [])).toEqual([
      "envelope: published-version-removed: schemas/envelope.json is published and must stay (published versions are never deleted) [published at HEAD]",
    ]);
  });
});

describe("parseDataSchemaFile", () => {
  it.each([
    ["org.statehub.task.stale/v1.json", { subject: "org.statehub.task.stale", version: 1 }],
    ["org.statehub.task.stale/v12.json", { subject: "org.statehub.task.stale", version: 12 }],
    ["org.statehub.task.stale/v0.json", undefined],
    ["org.statehub.task.stale/v01.json", undefined],
    ["org.statehub.task.stale/v1.yaml", undefined],
    ["org.statehub.task.stale/v1.json.bak", undefined],
    ["a/org.statehub.task.stale/v1.json", undefined],
    ["envelope.json", undefined],
    ["/v1.json", undefined],
  ])("%s", (file, expected) => {
    expect(parseDataSchemaFile(file)).toEqual(expected);
  });
});
