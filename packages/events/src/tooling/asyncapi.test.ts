import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DiagnosticSeverity, Parser } from "@asyncapi/parser";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { catalog } from "../catalog/index.js";
import { ASYNCAPI_DOC, REPO_ROOT } from "./paths.js";

const text = readFileSync(join(REPO_ROOT, ASYNCAPI_DOC), "utf8");

describe("docs/asyncapi.yaml", () => {
  it("parses with @asyncapi/parser without an error diagnostic", async () => {
    const { document, diagnostics } = await new Parser().parse(text);
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === DiagnosticSeverity.Error);
    expect(errors.map((error) => `${error.path.join(".")}: ${error.message}`)).toEqual([]);
    expect(document).toBeDefined();

    const subjects = Object.keys(catalog).sort();
    expect(document?.version()).toBe("3.0.0");
    expect(
      document
        ?.channels()
        .all()
        .map((channel) => channel.address())
        .sort(),
    ).toEqual(subjects);
    const operations = document?.operations().all() ?? [];
    expect(operations).toHaveLength(subjects.length);
    for (const operation of operations) expect(operation.action()).toBe("send");
    expect(document?.servers().get("nats")?.protocol()).toBe("nats");
  }, 30_000);

  it("gives each message the envelope with its subject's data schema inside", () => {
    const doc = parseYaml(text) as {
      components: {
        messages: Record<string, { payload: { allOf: { properties?: Record<string, unknown> }[] } }>;
      };
    };
    for (const [subject, definition] of Object.entries(catalog)) {
      const [envelope, specific] = doc.components.messages[subject]?.payload.allOf ?? [];
      expect(envelope).toEqual({ $ref: "#/components/schemas/envelope" });
      expect(specific?.properties).toEqual({
        type: { const: subject },
        dataschema: { const: `urn:statehub:event:${subject}:v${definition.version}` },
        data: { $ref: `#/components/schemas/${subject}.v${definition.version}` },
      });
    }
  });
});
