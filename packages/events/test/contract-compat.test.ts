import { describe, expect, it } from "vitest";
import { catalog } from "../src/catalog/index.js";
import { currentSubjects } from "../src/tooling/artefacts.js";
import { checkContract, formatReport } from "../src/tooling/compat/check.js";
import { readPublishedFiles, readWorkingTree } from "../src/tooling/compat/published.js";
import { envelopeJsonSchema } from "../src/tooling/json-schema.js";

// `pnpm contract:compat` for HEAD, inside the test run: the catalog against the committed schemas.
describe("the real contract", () => {
  it("the catalog is compatible with the committed schemas (HEAD)", () => {
    const { files } = readPublishedFiles(["HEAD"]);
    expect(files.length).toBeGreaterThanOrEqual(Object.keys(catalog).length + 1);
    const reports = checkContract({
      current: currentSubjects(),
      currentEnvelope: envelopeJsonSchema(),
      published: files,
      onDisk: readWorkingTree(),
    });
    expect(reports.map(formatReport)).toEqual([]);
  });
});
