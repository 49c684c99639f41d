import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineEvent } from "../../catalog/define.js";
import type { EventDefinition } from "../../catalog/index.js";
import { dataJsonSchema, envelopeJsonSchema } from "../json-schema.js";
import { type ContractState, checkContract, formatReport } from "./check.js";
import type { PublishedFile } from "./published.js";

// A fixed stand-in for a catalog entry: these cases must not move when the real catalog does.
const repo: EventDefinition = defineEvent({
  subject: "org.statehub.repo.registered",
  version: 1,
  description: "A repository became known to the hub.",
  firesWhen: "a repo is registered",
  data: z.object({
    repoId: z.uuid(),
    name: z.string().min(1).max(200),
    url: z.string().max(2000).nullable(),
    defaultBranch: z.string().min(1).max(200),
  }),
  entityId: (data) => data.repoId,
});
const REPO_V1 = "org.statehub.repo.registered/v1.json";

/** The real repo.registered definition with its data schema swapped for `data`. */
function repoWith(data: z.ZodObject, version = repo.version): EventDefinition {
  return { ...repo, data, version };
}

/** `onDisk` defaults to the published files, unchanged; a file name alone means "present, as published". */
function state(
  definitions: EventDefinition[],
  published: PublishedFile[],
  onDisk?: (string | [string, string])[],
): ContractState {
  const publishedText = (file: string) =>
    JSON.stringify(published.find((candidate) => candidate.file === file)?.schema ?? {});
  const files = onDisk ?? published.map((file) => file.file);
  return {
    current: definitions.map((definition) => ({ definition, schema: dataJsonSchema(definition) })),
    currentEnvelope: envelopeJsonSchema(),
    published,
    onDisk: new Map(
      files.map((entry) => (typeof entry === "string" ? [entry, publishedText(entry)] : entry)),
    ),
  };
}

function publishedRepoV1(): PublishedFile {
  return { file: REPO_V1, subject: repo.subject, version: 1, schema: dataJsonSchema(repo), origin: "HEAD" };
}

const summary = (s: ContractState) =>
  checkContract(s).map((r) => `${r.subject} v${r.version} ${r.path}:${r.rule}`);

describe("checkContract on catalog edits", () => {
  it("passes the unchanged catalog", () => {
    expect(checkContract(state([repo], [publishedRepoV1()]))).toEqual([]);
  });

  it("passes an added optional field", () => {
    const data = repo.data.extend({ topics: z.array(z.string()).optional() });
    expect(checkContract(state([repoWith(data)], [publishedRepoV1()]))).toEqual([]);
  });

  it("passes an added optional field once `pnpm gen` has rewritten the current version's file", () => {
    const data = repo.data.extend({ topics: z.array(z.string()).optional() });
    const regenerated = JSON.stringify(dataJsonSchema(repoWith(data)));
    expect(checkContract(state([repoWith(data)], [publishedRepoV1()], [[REPO_V1, regenerated]]))).toEqual([]);
  });

  it("passes a widened field (nullable added)", () => {
    const data = repo.data.extend({ defaultBranch: z.string().min(1).max(200).nullable() });
    expect(checkContract(state([repoWith(data)], [publishedRepoV1()]))).toEqual([]);
  });

  it("fails a removed field, naming subject, version, field and rule", () => {
    const reports = checkContract(
      state([repoWith(repo.data.omit({ defaultBranch: true }))], [publishedRepoV1()]),
    );
    expect(reports.map(formatReport)).toEqual([
      'org.statehub.repo.registered v1 field "defaultBranch": field-removed: field removed or renamed [published at HEAD]',
    ]);
  });

  it("fails a new required field and a narrowed type", () => {
    const data = repo.data.extend({ owner: z.string(), url: z.string().max(2000) });
    expect(summary(state([repoWith(data)], [publishedRepoV1()]))).toEqual([
      "org.statehub.repo.registered v1 url:nullable-removed",
      "org.statehub.repo.registered v1 owner:required-field-added",
    ]);
  });

  it("allows a breaking change as a new version while the old one stays published", () => {
    const v2 = repoWith(repo.data.omit({ defaultBranch: true }), 2);
    expect(
      checkContract(state([v2], [publishedRepoV1()], [REPO_V1, "org.statehub.repo.registered/v2.json"])),
    ).toEqual([]);
  });

  it("fails when an older published version's file is rewritten (e.g. generated before the bump)", () => {
    const v2 = repoWith(repo.data.omit({ defaultBranch: true }), 2);
    const rewritten = JSON.stringify(dataJsonSchema(repoWith(repo.data.omit({ defaultBranch: true }))));
    const onDisk: [string, string][] = [
      [REPO_V1, rewritten],
      ["org.statehub.repo.registered/v2.json", "{}"],
    ];
    expect(summary(state([v2], [publishedRepoV1()], onDisk))).toEqual([
      "org.statehub.repo.registered v1 :published-version-modified",
    ]);
  });

  it("fails when a published version file disappears", () => {
    const v2 = repoWith(repo.data, 2);
    expect(summary(state([v2], [publishedRepoV1()], ["org.statehub.repo.registered/v2.json"]))).toEqual([
      "org.statehub.repo.registered v1 :published-version-removed",
    ]);
  });

  it("fails when a published subject leaves the catalog", () => {
    expect(summary(state([], [publishedRepoV1()]))).toEqual([
      "org.statehub.repo.registered v1 :subject-removed",
    ]);
  });

  it("fails when the catalog version goes below a published one", () => {
    const published = { ...publishedRepoV1(), file: "org.statehub.repo.registered/v2.json", version: 2 };
    expect(checkContract(state([repo], [publishedRepoV1(), published])).map(formatReport)).toEqual([
      "org.statehub.repo.registered v2: version-decreased: catalog is at v1, below the published v2 [published at HEAD]",
    ]);
  });

  it("passes a new subject that has no published file yet", () => {
    const fresh = { ...repo, subject: "org.statehub.repo.archived" } as EventDefinition;
    expect(checkContract(state([repo, fresh], [publishedRepoV1()]))).toEqual([]);
  });

  it("checks the envelope attributes too", () => {
    const envelope = envelopeJsonSchema();
    const same: PublishedFile = {
      file: "envelope.json",
      subject: "envelope",
      version: undefined,
      schema: envelope,
      origin: "HEAD",
    };
    expect(checkContract(state([], [same]))).toEqual([]);
    const optionalSource = {
      ...envelope,
      required: (envelope.required as string[]).filter((n) => n !== "source"),
    };
    expect(summary(state([], [{ ...same, schema: optionalSource }]))).toEqual([
      "envelope vundefined source:field-made-required",
    ]);
    const published: PublishedFile = {
      file: "envelope.json",
      subject: "envelope",
      version: undefined,
      schema: {
        ...envelope,
        properties: { ...(envelope.properties as object), traceparent: { type: "string" } },
      },
      origin: "HEAD",
    };
    expect(checkContract(state([], [published])).map(formatReport)).toEqual([
      'envelope field "traceparent": field-removed: field removed or renamed [published at HEAD]',
    ]);
  });
});
